import ArgumentParser
import Services

extension TrainCommand {
    /// `train --head-only`: the current version's hidden and output layers retrained on its own data, filters frozen.
    func runHeadOnly() throws {
        guard data == nil else {
            throw CommandError("--head-only retrains the current version on the data it was trained on; leave out --data.")
        }
        var options = modelOptions.family.traits.defaultTrainingOptions
        options.epochCount = epochs ?? options.epochCount
        options.batchSize = batchSize ?? options.batchSize
        options.learningRate = learningRate ?? options.learningRate
        options.patience = patience ?? options.patience
        options.seed = common.seed
        guard options.epochCount >= 1 else { throw CommandError("--epochs must be at least 1, got \(options.epochCount).") }
        guard options.batchSize >= 1 else { throw CommandError("--batch-size must be at least 1, got \(options.batchSize).") }
        let session = try common.session()
        let bar = ProgressBar("train head")
        let excluded = Training.tokenList(excludeTerms ?? "")
        let outcome = try ModelVersionService(session: session).retrainHead(options: options, excludingTerms: excluded) { progress in
            bar.update(progress.exampleCount, of: progress.totalExampleCount,
                       note: "epoch \(progress.epoch)/\(progress.epochCount) loss \(fixed(progress.loss, 3))", epoch: progress.epoch)
        }
        bar.finish()
        let summary = HeadOnlySummary(fingerprint: outcome.record.fingerprint, parentFingerprint: outcome.parentFingerprint,
                                      reused: outcome.reused, seconds: outcome.report?.seconds, epochs: outcome.report?.epochs.count,
                                      devAccuracy: outcome.report?.bestDevAccuracy)
        common.emit(summary) {
            let how = outcome.reused ? "found in the workspace (same parent, options and seed)"
                : "retrained in \(fixed(summary.seconds ?? 0, 1)) s over \(summary.epochs ?? 0) epochs, best dev accuracy \(fixed(summary.devAccuracy ?? 0, 3))"
            return "Head of \(outcome.parentFingerprint.prefix(12)) \(how); model \(outcome.record.fingerprint.prefix(12)) is current."
        }
    }

    struct HeadOnlySummary: Codable {
        var fingerprint: String
        var parentFingerprint: String
        var reused: Bool
        var seconds: Double?
        var epochs: Int?
        var devAccuracy: Double?
    }
}
