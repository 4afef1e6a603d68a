import Foundation
import GRDB
import Analysis
import Attribution
import LinearAlgebra
import Representation
import TextData
import Workspace

/// A `neighbors` question as the cached index (`NeighborIndex`) answers it, without a session.
public struct IndexedNeighborQuery: Sendable {
    /// The query's example id.
    public var id: String
    /// How many neighbours.
    public var count: Int
    /// The analysed split the query must be in (nil: any).
    public var sliceSplit: Split?
    /// The split searched (nil: all).
    public var poolSplit: Split?
    /// Whether the pool keeps every label, not only the query's prediction.
    public var anyLabel: Bool
    /// The representation (only `vocab` is cached).
    public var representation: RepresentationOptions
    /// The model version (nil: the current model).
    public var modelVersion: String?

    /// A question about example `id` (the other fields as `neighbors`' flags set them).
    public init(id: String, count: Int, sliceSplit: Split?, poolSplit: Split?, anyLabel: Bool,
                representation: RepresentationOptions, modelVersion: String?) {
        (self.id, self.count, self.sliceSplit, self.poolSplit, self.anyLabel) = (id, count, sliceSplit, poolSplit, anyLabel)
        (self.representation, self.modelVersion) = (representation, modelVersion)
    }
}

/// What one neighbour index stores: the representation rows and, per row, classes, split and id.
struct NeighborIndexRows {
    var rows: SparseMatrix
    var labels: [Int32]
    var predictions: [Int32]
    var classCount: Int
    var splits: [UInt8]
    var ids: [String]
}

/// Where a run's neighbour index lives and the key it must carry to be current.
struct NeighborIndexSlot {
    /// The salience run whose maps the rows come from.
    var runID: Int64
    /// `<workspace>/cache/neighbors-<digest of model, run, representation>.bin`.
    var path: String
    /// Digest of everything the rows depend on, the run's stored maps included.
    var key: UInt64

    /// The folder of the cached indexes inside a workspace.
    static func folder(of workspace: Workspace) -> String { (workspace.directory as NSString).appendingPathComponent("cache") }

    /// The slot of `specification`'s run of the model `record` with `options`, or nil when no such run is stored.
    ///
    /// The key digests the dataset, the model, the run's id and recipe, the representation options
    /// and the largest row id of the map table: SQLite gives every inserted or replaced map a new
    /// row id above all others, so any map written since makes a stored index stale. (Maps are
    /// deleted only by `check --repair`, which removes the cached indexes too.) Two index lookups,
    /// no scan, so a query pays nothing per stored map.
    /// - Complexity: O(log stored maps).
    static func find(in workspace: Workspace, record: ModelRecord, specification: SalienceSpecification,
                     options: RepresentationOptions) throws(WorkspaceError) -> NeighborIndexSlot? {
        let recipeText = JSON.string(specification.recipe(modelFingerprint: record.fingerprint))
        let recipeKey = Digest.hex(of: [recipeText])
        let found: (Int64, Int64)? = try workspace.read { db in
            guard let runID = try Int64.fetchOne(db, sql: "SELECT id FROM salienceRun WHERE modelFingerprint = ? AND recipeKey = ?",
                                                 arguments: [record.fingerprint, recipeKey]) else { return nil }
            return (runID, try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM salienceMap") ?? 0)
        }
        guard let (runID, largestRowID) = found else { return nil }
        let optionsText = "\(options.kind.rawValue) top-k \(options.topK.map(String.init) ?? "all") exclude-special \(options.excludeSpecial)"
        let slotName = Digest.hex(of: [record.fingerprint, recipeKey, optionsText])
        let keyText = Digest.hex(of: ["neighbor-index \(NeighborIndex.formatVersion)", record.recipe.datasetHash, record.fingerprint, String(runID),
                                      recipeText, optionsText, String(largestRowID)])
        return NeighborIndexSlot(runID: runID, path: (folder(of: workspace) as NSString).appendingPathComponent("neighbors-\(slotName).bin"),
                                 key: UInt64(keyText, radix: 16)!)
    }

    /// How many maps the run has stored.
    /// - Complexity: O(stored maps of the run) index entries.
    func mapCount(in workspace: Workspace) throws(WorkspaceError) -> Int {
        try workspace.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM salienceMap WHERE runID = ?", arguments: [runID]) ?? 0 }
    }
}

extension NeighborService {
    /// The most salient terms of a map: the largest |score| per distinct token, tokens in `excluded` left out.
    /// - Complexity: O(tokens log tokens).
    static func salientTerms(of map: SalienceMap, count: Int, excluded: Set<Int32>, vocabulary: TokenVocabulary) -> [String] {
        var best: [Int32: Float] = [:]
        for (token, score) in zip(map.tokenIDs, map.scores) where !excluded.contains(token) {
            best[token] = max(best[token] ?? 0, abs(score))
        }
        return best.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(count).map { vocabulary.term(Int($0.key)) }
    }

    /// Writes the neighbour index of `specification`'s run with `options` (vocab only) when every
    /// example has a stored map, so later `neighbors` queries skip the session; returns whether it did.
    ///
    /// Nothing is computed: a run with missing maps is left alone.
    /// - Complexity: O(total tokens) to build the rows, O(rows + nnz) to write them.
    @discardableResult
    public func storeIndex(specification: SalienceSpecification, representation options: RepresentationOptions) throws -> Bool {
        let rowCount = session.dataset.examples.count
        return try Self.storeIndex(in: session.workspace, record: session.model.record, specification: specification, options: options,
                                   rowCount: rowCount) {
            let positions = Array(0..<rowCount)
            let maps = try session.maps(specification, positions: positions)
            guard case .sparse(let rows) = try RepresentationService(session: session).representation(options, positions: positions, maps: maps) else {
                preconditionFailure("the vocab representation is sparse")
            }
            let examples = session.dataset.examples
            return NeighborIndexRows(rows: rows, labels: positions.map { Int32(session.label(at: $0)) }, predictions: session.predictions.map(Int32.init),
                                     classCount: session.classes.count, splits: examples.map { NeighborIndex.splitCode($0.split.rawValue) },
                                     ids: examples.map(\.id))
        }
    }

    /// Writes the index of a run from the rows `build` makes, unless a current one is there or the
    /// run does not have exactly `rowCount` maps; returns whether a current index is there afterwards.
    static func storeIndex(in workspace: Workspace, record: ModelRecord, specification: SalienceSpecification, options: RepresentationOptions,
                           rowCount: Int, build: () throws -> NeighborIndexRows) throws -> Bool {
        guard options.kind == .vocab else { return false }
        guard let slot = try NeighborIndexSlot.find(in: workspace, record: record, specification: specification, options: options),
              try slot.mapCount(in: workspace) == rowCount else { return false }
        if case .success = NeighborIndex.open(path: slot.path, key: slot.key) { return true }
        let built = try build()
        precondition(built.rows.rowCount == rowCount, "\(built.rows.rowCount) index rows for \(rowCount) examples")
        let data = NeighborIndex.encode(key: slot.key, representation: built.rows, labels: built.labels, predictions: built.predictions,
                                        classCount: built.classCount, splits: built.splits, ids: built.ids)
        try NeighborIndex.writeAtomically(data, to: slot.path)
        return true
    }

    /// Answers `query` from the run's neighbour index without opening a session, or returns nil
    /// when the index cannot: it is missing, stale or damaged, the representation is not `vocab`,
    /// or the question needs the session (an unknown id, a query outside the slice, an empty
    /// pool); the caller then asks the session, which also words any refusal.
    ///
    /// Reads from SQLite only the model and run rows, the run's map count, and the example,
    /// prediction and map of the query and of each neighbour.
    /// - Complexity: O(index file) for its checks + O(rows + nnz) for the search.
    public static func indexedNeighbors(in workspace: Workspace, query: IndexedNeighborQuery,
                                        specification: (_ defaultMethod: String) -> SalienceSpecification) -> NeighborReport? {
        guard query.representation.kind == .vocab, query.count >= 1 else { return nil }
        do {
            let record = if let version = query.modelVersion { try workspace.modelRecord(version: version) } else { try workspace.currentModelRecord() }
            var defaultMethod = SalienceMethodKind.gradientL2.rawValue
            if record.isExternal {
                guard let text = try workspace.read({ db in
                    try String.fetchOne(db, sql: "SELECT recipe FROM salienceRun WHERE modelFingerprint = ? ORDER BY id LIMIT 1", arguments: [record.fingerprint])
                }) else { return nil }
                defaultMethod = SalienceSpecification(recipe: try JSON.decode(text) as SalienceRecipe).method
            }
            let salience = specification(defaultMethod)
            guard let slot = try NeighborIndexSlot.find(in: workspace, record: record, specification: salience, options: query.representation),
                  case .success(let index) = NeighborIndex.open(path: slot.path, key: slot.key),
                  let queryRow = index.row(ofID: query.id) else { return nil }
            if let split = query.sliceSplit, index.splitCode(at: queryRow) != NeighborIndex.splitCode(split.rawValue) { return nil }
            let (found, pool) = index.search(query: queryRow, splitCode: query.poolSplit.map { NeighborIndex.splitCode($0.rawValue) },
                                             anyLabel: query.anyLabel, count: query.count)
            guard !pool.isEmpty else { return nil }

            let model = try LoadedModel.load(record: record)
            let excluded = model.vocabulary.excludedIDs(punctuation: true)
            let positions = [queryRow] + found.map { pool[$0.index] }
            struct Stored { var id: String; var text: String; var label: String; var prediction: Int; var probabilities: [Float]; var map: SalienceMap }
            let (classes, stored): ([String], [Stored]) = try workspace.read { db in
                guard let classesText = try String.fetchOne(db, sql: "SELECT classes FROM dataset WHERE hash = ?", arguments: [record.recipe.datasetHash]) else {
                    throw WorkspaceError.damaged(workspace.directory, "the dataset \(record.recipe.datasetHash) is missing")
                }
                let classes: [String] = try JSON.decode(classesText)
                let stored = try positions.map { position -> Stored in
                    guard let example = try Row.fetchOne(db, sql: "SELECT exampleID, text, label FROM example WHERE datasetHash = ? AND position = ?",
                                                         arguments: [record.recipe.datasetHash, position]),
                          let prediction = try Row.fetchOne(db, sql: "SELECT prediction, probabilities FROM prediction WHERE modelFingerprint = ? AND position = ?",
                                                            arguments: [record.fingerprint, position]),
                          let map = try Row.fetchOne(db, sql: "SELECT tokenIDs, scores FROM salienceMap WHERE runID = ? AND position = ?",
                                                     arguments: [slot.runID, position]) else {
                        throw WorkspaceError.damaged(workspace.directory, "the example, prediction or map at position \(position) is missing")
                    }
                    let predicted: Int = try prediction.decode(forColumn: "prediction")
                    return Stored(id: try example.decode(forColumn: "exampleID"), text: try example.decode(forColumn: "text"),
                                  label: try example.decode(forColumn: "label"), prediction: predicted,
                                  probabilities: try Blob.decodedArray(prediction.decode(forColumn: "probabilities"), of: Float.self),
                                  map: SalienceMap(tokenIDs: try Blob.decodedArray(map.decode(forColumn: "tokenIDs"), of: Int32.self),
                                                   scores: try Blob.decodedArray(map.decode(forColumn: "scores"), of: Float.self),
                                                   target: predicted, targetLogit: 0, prediction: predicted, probability: 0))
                }
                return (classes, stored)
            }
            guard stored.allSatisfy({ (0..<classes.count).contains($0.prediction) && $0.probabilities.count == classes.count }),
                  stored[0].id == query.id else { return nil }
            let termCount = query.representation.topK ?? 5
            let terms = stored.map { salientTerms(of: $0.map, count: termCount, excluded: excluded, vocabulary: model.vocabulary) }
            let entries = zip(found, stored.dropFirst()).enumerated().map { offset, pair in
                let (neighbor, candidate) = pair
                return NeighborEntry(id: candidate.id, text: candidate.text, label: candidate.label, prediction: classes[candidate.prediction],
                                     similarity: neighbor.similarity, topTerms: terms[offset + 1], sharedTerms: terms[0].filter(terms[offset + 1].contains))
            }
            let head = stored[0]
            return NeighborReport(
                query: NeighborQuery(id: head.id, text: head.text, label: head.label, prediction: classes[head.prediction],
                                     probability: head.probabilities[head.prediction], topTerms: terms[0]),
                neighbors: entries, representation: query.representation.kind.rawValue, method: salience.method, poolSize: pool.count)
        } catch {
            return nil
        }
    }
}
