import ArgumentParser
import Foundation
import Models
import TextData
import Workspace

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the classifier on a data file and store it in the workspace.")

    @Option(name: .long, help: "Data file (CSV, TSV or JSONL) with text and label columns.")
    var data: String

    @Option(name: .long, help: "Architecture: cnn (Kim CNN on the checkpoint's frozen word-piece embeddings) or bert (fine-tune the checkpoint's encoder).")
    var model: String = "cnn"

    @Option(name: .long, help: "Checkpoint whose vocab.txt and word-piece embeddings seed the model (bert: the encoder to fine-tune); by default the fetched all-MiniLM-L6-v2 in the data home.")
    var checkpoint: String = DataHome.current.miniLMDirectory

    @Option(name: .long, help: "Maximum epochs (early stopping on dev may stop sooner). Default: cnn 12, bert 3.")
    var epochs: Int?

    @Option(name: .long, help: "Examples per mini-batch. Default: cnn 50, bert 16.")
    var batchSize: Int?

    @Option(name: .long, help: "Learning rate (cnn: Adam; bert: AdamW peak, linear warm-up over 10% of the steps, then linear decay). Default: cnn 5e-4, bert 2e-5.")
    var learningRate: Float?

    @Option(name: .long, help: "Epochs without dev improvement before stopping. Default: cnn 3, bert 2.")
    var patience: Int?

    @Option(name: .long, help: "Longest token sequence, [CLS] and [SEP] included. Default: cnn 128, bert 64.")
    var maxLength: Int?

    @Flag(name: .long, help: "Tune the input embeddings too (frozen by default).")
    var trainEmbeddings = false

    @Option(name: .long, help: "Width of the CNN's hidden ReLU layer between pooling and the output layer (0: none, Kim's original).")
    var hiddenSize: Int = 100

    @OptionGroup var columns: DataFileOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            let defaults = try Training.Defaults(kind: model)
            let epochs = self.epochs ?? defaults.epochs, batchSize = self.batchSize ?? defaults.batchSize
            let maxLength = self.maxLength ?? defaults.maxLength
            guard epochs >= 1 else { throw CommandError("--epochs must be at least 1, got \(epochs).") }
            guard batchSize >= 1 else { throw CommandError("--batch-size must be at least 1, got \(batchSize).") }
            guard maxLength >= 3 else { throw CommandError("--max-length must be at least 3, got \(maxLength).") }
            guard hiddenSize >= 0 else { throw CommandError("--hidden-size must be 0 (no hidden layer) or positive, got \(hiddenSize).") }
            let dataset = try Dataset.load(path: data, options: columns.datasetOptions(seed: common.seed))
            let summary = try Training.run(dataset: dataset, kind: model, checkpoint: checkpoint, epochs: epochs, batchSize: batchSize,
                                           learningRate: learningRate ?? defaults.learningRate, patience: patience ?? defaults.patience, maxLength: maxLength,
                                           trainEmbeddings: trainEmbeddings, hiddenSize: hiddenSize, seed: common.seed,
                                           workspaceDirectory: common.workspace)
            if common.format == .json { Console.printJSON(summary) } else { print(summary.table()) }
        }
    }
}

/// The shared training step of `train` and `demo`.
enum Training {
    /// Per-architecture defaults of the training options.
    struct Defaults {
        var epochs: Int
        var batchSize: Int
        var learningRate: Float
        var patience: Int
        var maxLength: Int

        /// The defaults of `kind`, or an error naming the architectures.
        init(kind: String) throws {
            switch kind {
            case "cnn": (epochs, batchSize, learningRate, patience, maxLength) = (12, 50, 5e-4, 3, 128)
            case "bert": (epochs, batchSize, learningRate, patience, maxLength) = (3, 16, 2e-5, 2, 64)
            default: throw CommandError("--model \(kind) is unknown; use --model cnn or --model bert.")
            }
        }
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

    static func run(dataset: Dataset, kind: String, checkpoint: String, epochs: Int, batchSize: Int, learningRate: Float,
                    patience: Int, maxLength: Int, trainEmbeddings: Bool, hiddenSize: Int, seed: UInt64,
                    workspaceDirectory: String) throws -> Summary {
        _ = try Defaults(kind: kind)
        let existed = FileManager.default.fileExists(atPath: workspaceDirectory)
        let workspace = try Workspace.open(directory: workspaceDirectory, create: true)
        var request = TrainingRequest(dataset: dataset, checkpointDirectory: checkpoint,
                                      options: TrainingOptions(epochCount: epochs, batchSize: batchSize, learningRate: learningRate,
                                                               patience: patience, seed: seed, maximumLength: maxLength))
        request.kind = kind
        request.maximumLength = maxLength
        request.trainEmbeddings = trainEmbeddings
        request.hiddenSize = hiddenSize
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
        return Summary(model: kind, fingerprint: outcome.record.fingerprint, reused: outcome.reused, seconds: outcome.report?.seconds,
                       epochs: outcome.report?.epochs, devAccuracy: accuracy(.dev), testAccuracy: accuracy(.test), counts: counts)
    }
}
