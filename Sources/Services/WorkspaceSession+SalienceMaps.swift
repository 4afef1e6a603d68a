import Foundation
import GRDB
import Attribution
import Models
import Workspace

extension WorkspaceSession {
    /// Salience maps of the examples at `positions`, computing and storing those that are missing.
    ///
    /// Work is committed in chunks, so an interrupted computation resumes where it stopped.
    /// `progress` receives (done, total) counts.
    /// - Complexity: O(missing examples) gradient passes.
    public func maps(_ specification: SalienceSpecification, positions: [Int], chunkSize: Int = WorkspaceSession.attributionChunkSize,
                     progress: (Int, Int) -> Void = { _, _ in }) throws(WorkspaceError) -> [SalienceMap] {
        if let imported {
            let fingerprint = model.record.fingerprint
            guard specification.recipe(modelFingerprint: fingerprint) == imported.specification.recipe(modelFingerprint: fingerprint) else {
                throw model.externalRefusal("The salience method \(specification.displayName) needs the model to compute maps",
                                            remedy: "only the imported method \(imported.specification.method) is available")
            }
            progress(positions.count, positions.count)
            return positions.map { imported.maps[$0] }
        }
        guard let classifier = model.classifier, let tokenizer = model.tokenizer else {
            preconditionFailure("a model without classifier that is not imported salience: \(model.record.fingerprint)")
        }
        try specification.validate(classes: classes)
        // Built (and refused when the model lacks what it needs) before anything is written.
        let method = try specification.makeMethod(padID: tokenizer.padID, maskID: model.maskID(for: specification, tokenizer: tokenizer),
                                                  internalBatchSize: model.internalBatchSize(for: specification),
                                                  words: WordPieceWords(tokenizer: tokenizer))
        if let refusal = method.refusal(for: classifier) { throw WorkspaceError(refusal) }
        let recipe = specification.recipe(modelFingerprint: model.record.fingerprint)
        let runID = try workspace.salienceRun(recipe: recipe)
        var stored = try workspace.storedMaps(runID: runID, positions: positions)
        let vocabularyCount = Int32(model.vocabulary.count)
        for (position, map) in stored where !(0..<classes.count).contains(map.target) || !(0..<classes.count).contains(map.prediction)
            || map.tokenIDs.contains(where: { $0 < 0 || $0 >= vocabularyCount }) {
            throw WorkspaceError.damaged(workspace.directory, "the salience map at position \(position) names a class or token the model does not have")
        }
        let missing = positions.filter { stored[$0] == nil }
        progress(positions.count - missing.count, positions.count)
        if !missing.isEmpty {
            let rule = specification.targetRule(classes: classes)
            var start = 0
            while start < missing.count {
                let chunk = Array(missing[start..<min(start + chunkSize, missing.count)])
                let done = positions.count - missing.count + start
                let maps = Attributor.attribute(model: classifier, method: method,
                                                sequences: chunk.map(tokenIDs(at:)), labels: chunk.map(label(at:)),
                                                target: rule, batchSize: Self.attributionBatchSize) { count in progress(done + count, positions.count) }
                try workspace.storeMaps(maps, positions: chunk, runID: runID)
                for (position, map) in zip(chunk, maps) { stored[position] = map }
                start += chunkSize
            }
            progress(positions.count, positions.count)
        }
        return positions.map { stored[$0]! }
    }

    /// The salience methods with stored maps for the current model, in the order they were first computed.
    public func availableSpecifications() throws(WorkspaceError) -> [SalienceSpecification] {
        let fingerprint = model.record.fingerprint
        let recipes: [SalienceRecipe] = try workspace.read { db in
            try String.fetchAll(db, sql: "SELECT recipe FROM salienceRun WHERE modelFingerprint = ? ORDER BY id", arguments: [fingerprint])
                .map { try JSON.decode($0) }
        }
        return recipes.map(SalienceSpecification.init(recipe:))
    }
}

extension Workspace {
    /// The id of the salience run for `recipe`, created when new.
    func salienceRun(recipe: SalienceRecipe) throws(WorkspaceError) -> Int64 {
        try write { db in try Self.salienceRun(recipe: recipe, in: db) }
    }

    /// The id of the salience run for `recipe` inside an open transaction, created when new.
    static func salienceRun(recipe: SalienceRecipe, in db: Database) throws -> Int64 {
        let key = Digest.hex(of: [JSON.string(recipe)])
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM salienceRun WHERE modelFingerprint = ? AND recipeKey = ?",
                                       arguments: [recipe.modelFingerprint, key]) {
            return id
        }
        try db.execute(sql: "INSERT INTO salienceRun(modelFingerprint, recipeKey, recipe, createdAt) VALUES (?, ?, ?, ?)",
                       arguments: [recipe.modelFingerprint, key, JSON.string(recipe), Date()])
        return db.lastInsertedRowID
    }

    /// The single run of an imported pseudo model with its maps by dataset position; throws when any is missing.
    /// - Complexity: O(stored map bytes).
    func importedMaps(modelFingerprint: String, exampleCount: Int) throws(WorkspaceError) -> (recipe: SalienceRecipe, maps: [SalienceMap]) {
        let lost = WorkspaceError("The workspace \(directory) lost the imported salience maps of \(modelFingerprint); import them again.")
        guard let run = try read({ db in
            try Row.fetchOne(db, sql: "SELECT id, recipe FROM salienceRun WHERE modelFingerprint = ? ORDER BY id LIMIT 1", arguments: [modelFingerprint])
        }) else { throw lost }
        let recipe: SalienceRecipe
        let runID: Int64
        do {
            recipe = try JSON.decode(run.decode(forColumn: "recipe") as String)
            runID = try run.decode(forColumn: "id")
        } catch { throw lost }
        let stored = try storedMaps(runID: runID, positions: Array(0..<exampleCount))
        guard stored.count == exampleCount else { throw lost }
        return (recipe, (0..<exampleCount).map { stored[$0]! })
    }

    /// Stored maps of a run at the given positions (missing ones absent).
    func storedMaps(runID: Int64, positions: [Int]) throws(WorkspaceError) -> [Int: SalienceMap] {
        let wanted = Set(positions)
        return try read { db in
            var result: [Int: SalienceMap] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM salienceMap WHERE runID = ?", arguments: [runID])
            while let row = try rows.next() {
                let position: Int = try row.decode(forColumn: "position")
                guard wanted.contains(position) else { continue }
                let tokenIDs = try Blob.decodedArray(row.decode(forColumn: "tokenIDs"), of: Int32.self)
                let scores = try Blob.decodedArray(row.decode(forColumn: "scores"), of: Float.self)
                guard tokenIDs.count == scores.count else {
                    throw WorkspaceError.damaged(directory, "the salience map at position \(position) of run \(runID) has \(tokenIDs.count) tokens but \(scores.count) scores")
                }
                result[position] = SalienceMap(
                    tokenIDs: tokenIDs, scores: scores,
                    target: try row.decode(forColumn: "target"), targetLogit: Float(try row.decode(Double.self, forColumn: "targetLogit")),
                    prediction: try row.decode(forColumn: "prediction"),
                    probability: Float(try row.decode(Double.self, forColumn: "probability")),
                    baselineLogit: (try row.decode(Double?.self, forColumn: "baselineLogit")).map { Float($0) },
                    delta: (try row.decode(Double?.self, forColumn: "delta")).map { Float($0) })
            }
            return result
        }
    }

    /// Stores maps for `positions` of a run in one transaction.
    func storeMaps(_ maps: [SalienceMap], positions: [Int], runID: Int64) throws(WorkspaceError) {
        try write { db in try Self.insertMaps(maps, positions: positions, runID: runID, in: db) }
    }

    /// Stores maps for `positions` of a run inside an open transaction.
    static func insertMaps(_ maps: [SalienceMap], positions: [Int], runID: Int64, in db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO salienceMap(runID, position, tokenIDs, scores, target, targetLogit, prediction, probability, baselineLogit, delta)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, map) in zip(positions, maps) {
            try statement.execute(arguments: [runID, position, Blob.data(map.tokenIDs), Blob.data(map.scores), map.target,
                                              Double(map.targetLogit), map.prediction, Double(map.probability),
                                              map.baselineLogit.map { Double($0) }, map.delta.map { Double($0) }])
        }
    }
}
