import Diagnostics
import ArgumentParser
import Attribution
import Foundation
import TextData
import Services
import Workspace

struct AttributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute", abstract: "Compute and store salience maps for a slice (resumes where an interrupted run stopped).")

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions

    @Option(help: "Target class of the gradient: prediction, label or a class name.")
    var target: String = "prediction"

    @Option(help: "Score normalisation: none, or sum (scores of an example sum to 1).")
    var normalize: SalienceNormalization = .none

    @Option(help: "A fine-tuned Hugging Face BERT classifier (config.json, model.safetensors, vocab.txt) to analyse without training; needs --data.")
    var checkpoint: String?

    @Option(help: "With --checkpoint: the labelled data file to analyse.")
    var data: String?

    @Option(help: "With --checkpoint: longest token sequence, [CLS] and [SEP] included.")
    var maxLength: Int = 128

    @Option(help: "Compute only shard i of N of the slice (by a stable hash of the example id), in this workspace: a copy of the trained one per shard; `salience merge` joins them.")
    var shard: String?

    @OptionGroup var columns: DataFileOptions
    @OptionGroup var common: WorkspaceOptions
    @OptionGroup var version: ModelVersionOptions

    struct Summary: Codable {
        var method: String
        var target: String
        var normalization: String
        var examples: Int
        var seconds: Double
        var modelFingerprint: String
        var shard: String?
        var sliceExamples: Int?
    }

    func validate() throws {
        switch (checkpoint, data) {
        case (nil, nil), (_?, _?): break
        case (nil, _?): throw ValidationError("--data needs --checkpoint DIR (a fine-tuned BERT classifier) too; to train a model use `salience train`.")
        case (_?, nil): throw ValidationError("--checkpoint needs --data FILE, the labelled examples to analyse.")
        }
        guard maxLength >= 3 else { throw ValidationError("--max-length must be at least 3, got \(maxLength).") }
        if let shard {
            do { _ = try AttributionShard(parsing: shard) } catch { throw ValidationError(Console.sentence(for: error)) }
        }
    }

    func run() throws {
        Interruption.install(resumeLine: "the maps computed so far are stored; run `salience attribute --workspace \(common.workspace)` again with the same options to compute the rest.")
        try Console.run {
            if let checkpoint, let data { try adopt(checkpoint: checkpoint, data: data) }
            let session = try common.session(modelVersion: version.modelVersion)
            if session.model.isExternal {
                throw session.model.externalRefusal("attribute needs the model to compute salience maps",
                                                    remedy: "they are stored already: go on with cluster, compare, show or neighbors")
            }
            let positions = try slice.positions(in: session)
            var specification = try salience.specification(for: session)
            specification.target = target
            specification.normalization = normalize.rawValue
            specification.seed = common.seed
            if let shard { return try attributeShard(AttributionShard(parsing: shard), session: session, slicePositions: positions, specification: specification) }
            let bar = ProgressBar("attribute \(specification.method)")
            let start = Date()
            _ = try session.maps(specification, positions: positions) { done, total in bar.update(done, of: total) }
            bar.finish()
            let summary = Summary(method: specification.displayName, target: target, normalization: normalize.rawValue, examples: positions.count,
                                  seconds: Date().timeIntervalSince(start), modelFingerprint: session.model.record.fingerprint)
            common.emit(summary) {
                "Salience maps (\(summary.method), target \(target), normalisation \(normalize.rawValue), model \(summary.modelFingerprint)) for \(positions.count) examples of \(slice.description) in \(fixed(summary.seconds, 1)) s; stored in \(common.workspace)."
            }
        }
    }

    /// Makes `checkpoint` the workspace's current model for the examples of `data` (creating the workspace if needed).
    private func adopt(checkpoint: String, data: String) throws {
        let dataset = try Dataset.load(path: data, options: columns.datasetOptions(seed: common.seed))
        let outcome = try common.creating { workspace in
            try workspace.adoptCheckpoint(directory: checkpoint, dataset: dataset, maximumLength: maxLength, seed: common.seed)
        }
        if let note = outcome.note { Console.log(note) }
        Console.log(outcome.reused ? "Model \(outcome.record.fingerprint.prefix(16)) from \(checkpoint) is already in the workspace."
                                   : "Loaded \(checkpoint) as model \(outcome.record.fingerprint.prefix(16)) and scored \(dataset.examples.count) examples.")
    }
}
