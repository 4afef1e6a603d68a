import Foundation
import GRDB
import Attribution
import Models
import Workspace

extension WorkspaceSession {
    /// Examples per transaction of `maps(_:positions:)`: a fresh run cuts the slice into chunks of this many positions.
    public static let attributionChunkSize = 512
    /// Sequences per attribution batch: each chunk is cut into length-sorted batches of this many.
    public static let attributionBatchSize = 64

    /// The attribution batches of a fresh single-process run over `slicePositions` (ascending), chunk by chunk.
    ///
    /// `maps(_:positions:)` cuts the slice into chunks of `attributionChunkSize` positions and each
    /// chunk into length-sorted batches of `attributionBatchSize`; BLAS results depend on a
    /// batch's shape (its rows and padded length), so a shard that wants the same bytes must form
    /// the same batches. Each inner array is one batch in the order the attributor feeds it.
    /// - Complexity: O(n log n) plus tokenising the slice.
    func attributionBatches(slicePositions: [Int]) -> [[[Int]]] {
        stride(from: 0, to: slicePositions.count, by: Self.attributionChunkSize).map { start in
            let chunk = Array(slicePositions[start..<min(start + Self.attributionChunkSize, slicePositions.count)])
            return lengthSortedBatches(lengths: chunk.map { tokenIDs(at: $0).count }, batchSize: Self.attributionBatchSize)
                .map { batch in batch.map { chunk[$0] } }
        }
    }

    /// A digest of the example ids at `positions`, in order.
    func sliceDigest(_ positions: [Int]) -> String { Digest.hex(of: positions.map { dataset.examples[$0].id }) }

    /// Computes and stores the maps of one shard of the slice at `slicePositions` and records in the
    /// workspace which shard of which slice it holds, for `MergeService`.
    ///
    /// The shard's examples are whole attribution batches of a single-process run
    /// (`attributionBatches`): a batch belongs to the shard its first example's id hashes to
    /// (`AttributionShard.contains(id:)`), so every map is computed in the batch, and so with the
    /// bytes, of an uninterrupted single-process `attribute`. The record is written before any
    /// map, and maps are stored chunk by chunk, so an interrupted shard resumes like any run. A
    /// workspace holds one shard of a run: a different shard or slice for the same run is refused.
    /// - Complexity: O(examples of the shard) gradient passes.
    public func shardMaps(_ specification: SalienceSpecification, slicePositions: [Int], shard: AttributionShard,
                          progress: (Int, Int) -> Void = { _, _ in }) throws(WorkspaceError) -> ShardRecord {
        guard let classifier = model.classifier, let tokenizer = model.tokenizer else {
            throw model.externalRefusal("attribute needs the model to compute salience maps",
                                        remedy: "they are stored already: go on with cluster, compare, show or neighbors")
        }
        try specification.validate(classes: classes)
        let recipe = specification.recipe(modelFingerprint: model.record.fingerprint)
        let sortedSlice = slicePositions.sorted()
        let chunks = attributionBatches(slicePositions: sortedSlice).map { batches in
            batches.filter { shard.contains(id: dataset.examples[$0[0]].id) }
        }
        let shardPositions = chunks.flatMap { $0.flatMap { $0 } }
        let record = ShardRecord(shard: shard, recipe: recipe, slicePositions: sortedSlice, sliceDigest: sliceDigest(sortedSlice),
                                 positions: shardPositions)
        let runID = try workspace.salienceRun(recipe: recipe)
        if let existing = try workspace.shardRecord(runID: runID, recipe: recipe) {
            guard existing.shard == shard, existing.sliceDigest == record.sliceDigest else {
                let what = existing.shard == shard ? "shard \(shard) of another slice (\(existing.slicePositions.count) examples)" : "shard \(existing.shard)"
                throw WorkspaceError("The workspace \(workspace.directory) already holds \(what) of the \(specification.displayName) maps; each shard needs a workspace of its own.",
                                     nextStep: .chooseValue(parameter: "workspace", advice: "a fresh copy of the trained workspace for shard \(shard)"))
            }
        } else {
            try workspace.write { db in
                try db.execute(sql: """
                    INSERT INTO salienceShard(runID, shardIndex, shardCount, slicePositions, sliceDigest, positions)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, shard.index, shard.count, Blob.data(sortedSlice.map(Int32.init)), record.sliceDigest,
                                     Blob.data(shardPositions.map(Int32.init))])
            }
        }
        let stored = try workspace.storedMaps(runID: runID, positions: shardPositions)
        var done = shardPositions.filter { stored[$0] != nil }.count
        progress(done, shardPositions.count)
        let method = try specification.makeMethod(padID: tokenizer.padID, maskID: tokenizer.maskID, internalBatchSize: model.gradientBatchSize)
        let rule = specification.targetRule(classes: classes)
        for batches in chunks {
            let missing = batches.filter { batch in batch.contains { stored[$0] == nil } }
            guard !missing.isEmpty else { continue }
            var positions: [Int] = []
            var maps: [SalienceMap] = []
            for batch in missing {
                // One batch, in the single-process run's order: the attributor's stable length sort keeps it.
                maps += Attributor.attribute(model: classifier, method: method, sequences: batch.map(tokenIDs(at:)), labels: batch.map(label(at:)),
                                             target: rule, batchSize: Self.attributionBatchSize)
                positions += batch
                done += batch.count
                progress(done, shardPositions.count)
            }
            try workspace.storeMaps(maps, positions: positions, runID: runID)
        }
        return record
    }
}

extension Workspace {
    /// The shard record of salience run `runID` (whose recipe is `recipe`), nil when the run is not a shard.
    func shardRecord(runID: Int64, recipe: SalienceRecipe) throws(WorkspaceError) -> ShardRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM salienceShard WHERE runID = ?", arguments: [runID]) else { return nil }
            return ShardRecord(shard: AttributionShard(index: row["shardIndex"], count: row["shardCount"]), recipe: recipe,
                               slicePositions: Blob.array(row["slicePositions"], of: Int32.self).map(Int.init),
                               sliceDigest: row["sliceDigest"], positions: Blob.array(row["positions"], of: Int32.self).map(Int.init))
        }
    }

    /// Every shard record of the workspace with its run id.
    func shardRecords() throws(WorkspaceError) -> [(runID: Int64, record: ShardRecord)] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT salienceShard.runID AS runID, recipe FROM salienceShard JOIN salienceRun ON salienceRun.id = salienceShard.runID ORDER BY runID")
        }
        var records: [(runID: Int64, record: ShardRecord)] = []
        for row in rows {
            let recipe: SalienceRecipe
            do { recipe = try JSON.decode(row["recipe"] as String) } catch {
                throw WorkspaceError("The workspace \(directory) has an unreadable salience run record; attribute the shard again in a fresh copy of the trained workspace.")
            }
            if let record = try shardRecord(runID: row["runID"], recipe: recipe) { records.append((row["runID"], record)) }
        }
        return records
    }
}
