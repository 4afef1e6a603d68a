import Foundation
import Services

extension AttributeCommand {
    /// `attribute --shard i/N`: the maps of one shard of the slice, recorded for `salience merge`.
    func attributeShard(_ shard: AttributionShard, session: WorkspaceSession, slicePositions: [Int],
                        specification: SalienceSpecification) throws {
        let bar = ProgressBar("attribute \(specification.method) shard \(shard)")
        let start = Date()
        let record = try session.shardMaps(specification, slicePositions: slicePositions, shard: shard) { done, total in bar.update(done, of: total) }
        bar.finish()
        let summary = Summary(method: specification.displayName, target: target, normalization: normalize.rawValue, examples: record.positionCount,
                              seconds: Date().timeIntervalSince(start), modelFingerprint: session.model.record.fingerprint,
                              shard: shard.description, sliceExamples: slicePositions.count)
        common.emit(summary) {
            "Shard \(shard) of \(slice.description): salience maps (\(summary.method), model \(summary.modelFingerprint.prefix(16))) for \(record.positionCount) of \(slicePositions.count) examples in \(fixed(summary.seconds, 1)) s; stored in \(common.workspace).\nNext: salience merge --workspace OUT with all \(shard.count) shard workspaces."
        }
    }
}
