import Foundation
import GRDB
import Attribution
import Representation
import TextData
import Workspace

/// Stores salience maps computed by another tool (`ImportedSalience`) in a workspace, as the maps
/// of a pseudo model of kind `external` that later analyses read like computed ones.
public struct ImportService: Sendable {
    /// The workspace the maps go into.
    public let workspace: Workspace

    /// Imports into `workspace`.
    public init(workspace: Workspace) { self.workspace = workspace }

    /// Checks a run name for imported maps: letters, digits, `.`, `_` and `-`, and not a built-in method.
    public static func validateName(_ name: String) throws(WorkspaceError) {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        guard !name.isEmpty, allowed, name.unicodeScalars.first!.properties.isAlphabetic || ("0"..."9").contains(name.unicodeScalars.first!) else {
            throw WorkspaceError("The run name \(name) is not usable: a run name has letters, digits, '.', '_' and '-', and starts with a letter or digit.",
                                 nextStep: .chooseValue(parameter: "name", advice: "a name such as external or captum-ig"))
        }
        guard !SalienceSpecification.availableMethods.contains(name), name != "none" else {
            throw WorkspaceError("The run name \(name) is the name of a built-in salience method.",
                                 nextStep: .chooseValue(parameter: "name", advice: "another name, such as external or captum-\(name)"))
        }
    }

    /// Stores imported salience maps as a dataset, a pseudo model of kind `external` (its
    /// directory holds only the imported vocabulary), its predictions and one salience run named
    /// `name`, all in one transaction, and makes the pseudo model current.
    ///
    /// The model fingerprint is a digest of the file's bytes and `name`, so importing the same file
    /// under the same name again only makes it current. Predicted-class probabilities: the line's
    /// `probability` (1 when missing) on the predicted class, the rest spread evenly over the
    /// other classes. The imported vocabulary lists the distinct tokens in order of first appearance.
    /// - Complexity: O(total tokens).
    public func importSalience(_ imported: ImportedSalience, name: String, seed: UInt64) throws(WorkspaceError) -> ImportOutcome {
        try Self.validateName(name)
        let classes = imported.classes
        let terms = imported.terms
        var termIDs: [String: Int32] = [:]
        termIDs.reserveCapacity(terms.count)
        for (index, term) in terms.enumerated() { termIDs[term] = Int32(index) }
        let metadataColumns = imported.metadataColumns

        var examples: [Example] = []
        var maps: [SalienceMap] = []
        var probabilities: [[Float]] = []
        var unlabeledIDs: [String] = []
        examples.reserveCapacity(imported.lines.count)
        maps.reserveCapacity(imported.lines.count)
        for line in imported.lines {
            // Parsing guarantees a label or a prediction on every line.
            let prediction = line.prediction ?? line.label!
            let label = line.label ?? prediction
            if line.label == nil { unlabeledIDs.append(line.id) }
            var metadata = line.metadata
            for column in metadataColumns where metadata[column] == nil { metadata[column] = "" }
            examples.append(Example(id: line.id, text: line.text, label: label, split: line.split, metadata: metadata, lineNumber: line.lineNumber))
            let predicted = classes.firstIndex(of: prediction)!
            let probability = line.probability ?? 1
            var row = [Float](repeating: classes.count > 1 ? (1 - probability) / Float(classes.count - 1) : 0, count: classes.count)
            row[predicted] = probability
            probabilities.append(row)
            maps.append(SalienceMap(tokenIDs: line.tokens.map { termIDs[$0]! }, scores: line.scores, target: predicted, targetLogit: 0,
                                    prediction: predicted, probability: probability))
        }
        let dataset = Dataset(examples: examples, classes: classes, metadataColumns: metadataColumns, sourcePath: imported.path)
        let datasetHash = dataset.contentHash
        let fingerprint = Digest.hex(of: [imported.contentDigest, name])
        let recipe = ModelRecipe(
            kind: ModelRecipe.externalKind, datasetHash: datasetHash, classes: classes, checkpointDirectory: "", addedTokens: [],
            maximumLength: imported.lines.map(\.tokens.count).max() ?? 0, epochCount: 0, batchSize: 0, learningRate: 0, patience: 0,
            trainEmbeddings: false, seed: seed,
            importSource: ImportSource(path: imported.path, name: name, contentDigest: imported.contentDigest, unlabeledIDs: unlabeledIDs))
        let finalDirectory = workspace.modelDirectory(fingerprint: fingerprint)
        let record = ModelRecord(fingerprint: fingerprint, recipe: recipe, directory: finalDirectory)
        func outcome(reused: Bool, record: ModelRecord) -> ImportOutcome {
            ImportOutcome(record: record, exampleCount: examples.count, vocabularySize: terms.count, classes: classes,
                          unlabeledCount: unlabeledIDs.count, reused: reused)
        }

        if let existing = try workspace.read({ db in
            try Row.fetchOne(db, sql: "SELECT recipe FROM model WHERE fingerprint = ?", arguments: [fingerprint])
        }) {
            let existingRecipe: ModelRecipe
            do { existingRecipe = try JSON.decode(existing.decode(forColumn: "recipe") as String) } catch {
                throw WorkspaceError.damaged(workspace.directory, "the record of the model \(fingerprint) cannot be read")
            }
            try workspace.write { db in try Workspace.setState("currentModel", fingerprint, in: db) }
            return outcome(reused: true, record: ModelRecord(fingerprint: fingerprint, recipe: existingRecipe, directory: finalDirectory))
        }

        // The vocabulary goes to a temporary folder, moved into place before the one transaction that records everything.
        _ = try workspace.writeModelDirectory(fingerprint: fingerprint, contents: "the imported vocabulary") { directory in
            try TokenVocabulary.importedFileText(terms)
                .write(toFile: (directory as NSString).appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
            try JSON.string(recipe).write(toFile: (directory as NSString).appendingPathComponent("salience.json"), atomically: true, encoding: .utf8)
        }
        let salienceRecipe = SalienceSpecification(method: name).recipe(modelFingerprint: fingerprint)
        do {
            try workspace.write { db in
                try Workspace.storeDataset(dataset, hash: datasetHash, in: db)
                try db.execute(sql: """
                    INSERT INTO model(fingerprint, recipeKey, datasetHash, kind, directory, recipe, trainingReport, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
                    """, arguments: [fingerprint, recipe.key, datasetHash, recipe.kind, "models/\(fingerprint)", JSON.string(recipe), Date()])
                let statement = try db.makeStatement(sql: "INSERT INTO prediction(modelFingerprint, position, prediction, probabilities) VALUES (?, ?, ?, ?)")
                for (position, map) in maps.enumerated() {
                    try statement.execute(arguments: [fingerprint, position, map.prediction, Blob.data(probabilities[position])])
                }
                let runID = try Workspace.salienceRun(recipe: salienceRecipe, in: db)
                try Workspace.insertMaps(maps, positions: Array(maps.indices), runID: runID, in: db)
                try Workspace.setState("currentModel", fingerprint, in: db)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: finalDirectory)
            throw error
        }
        // The neighbour index of the default representation, so that even the first `neighbors` query skips the session.
        _ = try? NeighborService.storeIndex(in: workspace, record: record, specification: SalienceSpecification(method: name),
                                            options: RepresentationOptions(kind: .vocab), rowCount: maps.count) {
            let options = RepresentationOptions(kind: .vocab)
            let excluded = options.excludeSpecial ? TokenVocabulary(importedTerms: terms).excludedIDs(punctuation: false) : []
            let rows = VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores), vocabularySize: terms.count,
                                                      topK: options.topK, excludedTokenIDs: excluded)
            var classIndex: [String: Int32] = [:]
            for (index, name) in classes.enumerated() { classIndex[name] = Int32(index) }
            return NeighborIndexRows(rows: rows, labels: examples.map { classIndex[$0.label]! }, predictions: maps.map { Int32($0.prediction) },
                                     classCount: classes.count, splits: examples.map { NeighborIndex.splitCode($0.split.rawValue) }, ids: examples.map(\.id))
        }
        return outcome(reused: false, record: record)
    }
}
