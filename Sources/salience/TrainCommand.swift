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

    @Option(name: .long, help: "Architecture: cnn.")
    var model: String = "cnn"

    @Option(name: .long, help: "Checkpoint whose vocab.txt and word-piece embeddings seed the model.")
    var checkpoint: String = "Data/models/all-MiniLM-L6-v2"

    @Option(name: .long, help: "Maximum epochs (early stopping on dev may stop sooner).")
    var epochs: Int = 12

    @Option(name: .long, help: "Examples per mini-batch.")
    var batchSize: Int = 50

    @Option(name: .long, help: "Adam learning rate.")
    var learningRate: Float = 5e-4

    @Option(name: .long, help: "Epochs without dev improvement before stopping.")
    var patience: Int = 3

    @Option(name: .long, help: "Longest token sequence, [CLS] and [SEP] included.")
    var maxLength: Int = 128

    @Flag(name: .long, help: "Tune the input embeddings too (frozen by default).")
    var trainEmbeddings = false

    @Option(name: .long, help: "Width of the CNN's hidden ReLU layer between pooling and the output layer (0: none, Kim's original).")
    var hiddenSize: Int = 100

    @OptionGroup var columns: DataFileOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            guard epochs >= 1 else { throw CommandError("--epochs must be at least 1, got \(epochs).") }
            guard batchSize >= 1 else { throw CommandError("--batch-size must be at least 1, got \(batchSize).") }
            guard maxLength >= 3 else { throw CommandError("--max-length must be at least 3, got \(maxLength).") }
            guard hiddenSize >= 0 else { throw CommandError("--hidden-size must be 0 (no hidden layer) or positive, got \(hiddenSize).") }
            let dataset = try Dataset.load(path: data, options: columns.datasetOptions(seed: common.seed))
            let summary = try Training.run(dataset: dataset, kind: model, checkpoint: checkpoint, epochs: epochs, batchSize: batchSize,
                                           learningRate: learningRate, patience: patience, maxLength: maxLength,
                                           trainEmbeddings: trainEmbeddings, hiddenSize: hiddenSize, seed: common.seed,
                                           workspaceDirectory: common.workspace)
            if common.format == .json { Console.printJSON(summary) } else { print(summary.table()) }
        }
    }
}

/// The shared training step of `train` and `demo`.
enum Training {
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
        guard kind == "cnn" else { throw CommandError("--model \(kind) is not available yet; use --model cnn.") }
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
                           note: "epoch \(progress.epoch)/\(progress.epochCount) loss \(fixed(progress.loss, 3))")
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
