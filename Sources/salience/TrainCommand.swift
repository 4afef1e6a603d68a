import Diagnostics
import ArgumentParser
import Foundation
import Models
import TextData
import Services
import Workspace

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the classifier on a data file and store it in the workspace.")

    @Option(name: .long, help: "Data file (CSV, TSV or JSONL) with text and label columns (not with --head-only).")
    var data: String?

    @Flag(name: .long, help: "Retrain only the layers after the CNN's pooled features of the current version (made by salience disable), filters frozen (FIND).")
    var headOnly = false

    @Option(name: .long, help: ArgumentHelp("With --head-only: leave the training and dev examples holding one of these whole tokens (any case) out of the retraining, e.g. the terms whose features were disabled.", valueName: "TERM,…"))
    var excludeTerms: String?

    @OptionGroup var modelOptions: ModelFamilyOptions

    @Option(name: .long, help: "Checkpoint whose vocab.txt and word-piece embeddings seed the model (bert: the encoder to fine-tune); by default the fetched all-MiniLM-L6-v2 in the data home.")
    var checkpoint: String = DataHome.current.miniLMDirectory

    @Option(name: .long, help: "Maximum epochs (early stopping on dev may stop sooner). \(ModelFamilyArgument.defaults { "\($0.epochCount)" })")
    var epochs: Int?

    @Option(name: .long, help: "Examples per mini-batch. \(ModelFamilyArgument.defaults { "\($0.batchSize)" })")
    var batchSize: Int?

    @Option(name: .long, help: "Learning rate (cnn: Adam; bert: AdamW peak, linear warm-up over 10% of the steps, then linear decay). \(ModelFamilyArgument.defaults { "\($0.learningRate)" })")
    var learningRate: Float?

    @Option(name: .long, help: "Epochs without dev improvement before stopping. \(ModelFamilyArgument.defaults { "\($0.patience)" })")
    var patience: Int?

    @Option(name: .long, help: "Longest token sequence, [CLS] and [SEP] included. \(ModelFamilyArgument.defaults { "\($0.maximumLength)" })")
    var maxLength: Int?

    @Flag(name: .long, help: "Tune the input embeddings too (frozen by default).")
    var trainEmbeddings = false

    @Option(name: .long, help: ArgumentHelp("Whole tokens to add to the vocabulary, comma-separated, each kept as one token with an embedding row of its own (e.g. the synthetic shortcut's COMMON,CLASS_0,CLASS_1). Default: none.", valueName: "tokens"))
    var addTokens: String = ""

    @OptionGroup var columns: DataFileOptions
    @OptionGroup var common: WorkspaceOptions

    func validate() throws {
        if !headOnly && data == nil { throw ValidationError("train needs --data FILE (or --head-only to retrain the head of the current version).") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs).") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize).") }
        if let maxLength, maxLength < 3 { throw ValidationError("--max-length must be at least 3 ([CLS], one token, [SEP]), got \(maxLength).") }
        if let patience, patience < 0 { throw ValidationError("--patience must be 0 or more, got \(patience).") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be a positive number, got \(learningRate).")
        }
    }

    func run() throws {
        Interruption.install(resumeLine: "training stopped before anything was stored (the workspace is as it was); run the same command again to train.")
        try Console.run {
            if headOnly { return try runHeadOnly() }
            let data = data!  // validate() requires it without --head-only
            var options = modelOptions.family.traits.defaultTrainingOptions
            options.epochCount = epochs ?? options.epochCount
            options.batchSize = batchSize ?? options.batchSize
            options.learningRate = learningRate ?? options.learningRate
            options.patience = patience ?? options.patience
            options.maximumLength = maxLength ?? options.maximumLength
            options.seed = common.seed
            let architecture = try modelOptions.architecture(trainEmbeddings: trainEmbeddings)
            let dataset = try Dataset.load(path: data, options: columns.datasetOptions(seed: common.seed))
            let summary = try Training.run(dataset: dataset, family: modelOptions.family, checkpoint: checkpoint, options: options,
                                           architecture: architecture,
                                           addedTokens: Training.tokenList(addTokens), workspaceDirectory: common.workspace)
            if common.format == .json { Console.printJSON(summary) } else { print(summary.table()) }
        }
    }
}

/// The shared training step of `train` and `demo`.
enum Training {
    /// The tokens of a comma-separated list, trimmed, empty entries dropped.
    static func tokenList(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    struct Summary: Codable {
        var model: String
        var fingerprint: String
        var reused: Bool
        var seconds: Double?
        var epochs: [EpochRecord]?
        var devAccuracy: Double
        var testAccuracy: Double
        var counts: [String: Int]

        func table() -> String {
            var table = TextTable(["split", "examples", "accuracy"], alignments: [.left, .right, .right])
            table.add(["dev", String(counts["dev"] ?? 0), fixed(devAccuracy, 3)])
            table.add(["test", String(counts["test"] ?? 0), fixed(testAccuracy, 3)])
            let how = reused ? "found in the workspace (same data, options and seed)" : "trained in \(fixed(seconds ?? 0, 1)) s over \(epochs?.count ?? 0) epochs"
            return "Model \(model) \(fingerprint): \(how).\n\n" + table.render()
        }
    }

    static func run(dataset: Dataset, family: any ModelFamily, checkpoint: String, options: TrainingOptions, architecture: ArchitectureOptions,
                    addedTokens: [String], workspaceDirectory: String) throws -> Summary {
        let existed = FileManager.default.fileExists(atPath: workspaceDirectory)
        let workspace = try Workspace.open(directory: workspaceDirectory, create: true)
        var request = TrainingRequest(dataset: dataset, checkpointDirectory: checkpoint, options: options)
        request.family = family
        request.maximumLength = options.maximumLength
        request.architecture = architecture
        request.addedTokens = addedTokens
        let bar = ProgressBar("train")
        let outcome: TrainingOutcome
        do {
            outcome = try workspace.train(request) { progress in
                bar.update(progress.exampleCount, of: progress.totalExampleCount,
                           note: "epoch \(progress.epoch)/\(progress.epochCount) loss \(fixed(progress.loss, 3))", epoch: progress.epoch)
            }
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: workspaceDirectory) }
            throw error
        }
        bar.finish()
        let session = try WorkspaceSession(workspace: workspace)
        var counts: [String: Int] = [:]
        func accuracy(_ split: Split) -> Double {
            let positions = dataset.examples.indices.filter { dataset.examples[$0].split == split }
            counts[split.rawValue] = positions.count
            guard !positions.isEmpty else { return 0 }
            return Double(positions.filter { session.predictions[$0] == session.label(at: $0) }.count) / Double(positions.count)
        }
        return Summary(model: family.name, fingerprint: outcome.record.fingerprint, reused: outcome.reused, seconds: outcome.report?.seconds,
                       epochs: outcome.report?.epochs, devAccuracy: accuracy(.dev), testAccuracy: accuracy(.test), counts: counts)
    }
}
