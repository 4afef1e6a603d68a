import Foundation
import Testing
@testable import salience
import LinearAlgebra
import Models
import TextData
import Services
import Workspace

/// A third model family, defined only here: the mean of the word-piece embeddings of the real
/// tokens → linear layer → softmax. Registered in one line, it must work through the whole CLI.
final class BagOfEmbeddingsClassifier: SinglePassGradientClassifier, @unchecked Sendable {
    /// Input embeddings, `[vocabularySize, d]` (frozen).
    let embeddings: Matrix
    /// Output weights, `[d, classCount]`.
    var weights: Matrix
    /// Output bias, `[classCount]`.
    var bias: [Float]

    init(embeddings: Matrix, weights: Matrix, bias: [Float]) {
        precondition(weights.rowCount == embeddings.columnCount && weights.columnCount == bias.count, "weights do not fit the table")
        self.embeddings = embeddings
        self.weights = weights
        self.bias = bias
    }

    var classCount: Int { bias.count }
    var embeddingDimension: Int { embeddings.columnCount }
    var embeddingTable: Matrix { embeddings }
    var minimumSequenceLength: Int { 1 }

    /// FNV-1a over every weight's bit pattern, in hex.
    var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in embeddings.values + weights.values + bias {
            hash = (hash ^ UInt64(value.bitPattern)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    func embed(_ batch: TokenBatch) -> Matrix { batch.embeddingRows(from: embeddings) }

    /// The mean of the real tokens' rows, `[batchSize, d]`.
    private func means(embedded: Matrix, batch: TokenBatch) -> Matrix {
        var result = Matrix(rowCount: batch.batchSize, columnCount: embeddingDimension)
        for row in 0..<batch.batchSize {
            let length = batch.lengths[row]
            for position in 0..<length {
                for column in 0..<embeddingDimension {
                    result[row, column] += embedded[row * batch.sequenceLength + position, column] / Float(length)
                }
            }
        }
        return result
    }

    private func logits(means: Matrix) -> Matrix {
        var result = Matrix(rowCount: means.rowCount, columnCount: classCount)
        for row in 0..<means.rowCount {
            for target in 0..<classCount {
                var sum = bias[target]
                for column in 0..<embeddingDimension { sum += means[row, column] * weights[column, target] }
                result[row, target] = sum
            }
        }
        return result
    }

    func logits(embedded: Matrix, batch: TokenBatch) -> Matrix {
        checkEmbedded(embedded, batch: batch)
        return logits(means: means(embedded: embedded, batch: batch))
    }

    /// ∂ logit[b, t] / ∂ embedded[b, i, :] = W[:, t] / length_b on real tokens, zero on padding.
    func inputGradient(embedded: Matrix, batch: TokenBatch, chooseTargets: (Matrix) -> [Int]) -> (logits: Matrix, targets: [Int], gradient: Matrix) {
        let logits = logits(embedded: embedded, batch: batch)
        let targets = chooseTargets(logits)
        let selection = targetSelection(targets, batchSize: batch.batchSize)
        var gradient = Matrix(rowCount: embedded.rowCount, columnCount: embedded.columnCount)
        for row in 0..<batch.batchSize {
            let length = batch.lengths[row]
            for position in 0..<length {
                for column in 0..<embeddingDimension {
                    var sum: Float = 0
                    for target in 0..<classCount { sum += selection[row, target] * weights[column, target] }
                    gradient[row * batch.sequenceLength + position, column] = sum / Float(length)
                }
            }
        }
        return (logits, targets, gradient)
    }

    func features(_ batch: TokenBatch) -> Matrix { means(embedded: embed(batch), batch: batch) }
}

/// The family of `BagOfEmbeddingsClassifier`: full-batch gradient descent on the output layer,
/// the checkpoint's word-piece table frozen.
struct BagOfEmbeddingsFamily: ModelFamily {
    let traits = ModelFamilyTraits(
        name: "bag", summary: "mean of the word-piece embeddings, then a linear layer (test only)",
        defaultTrainingOptions: TrainingOptions(epochCount: 200, batchSize: 1_000, learningRate: 1, patience: 200, maximumLength: 32),
        maskToken: "[UNK]", gradientBatchSize: 128)

    func train(_ request: ClassifierTrainingRequest,
               progress: (TrainingProgress) -> Void) throws(ModelError) -> (classifier: any TextClassifier, report: TrainingReport) {
        var table = try loadWordPieceEmbeddingTable(checkpointDirectory: request.checkpointDirectory)
        table = Matrix(rowCount: request.tokenizer.vocabularySize, columnCount: table.columnCount,
                       values: table.values + [Float](repeating: 0, count: request.addedTokenCount * table.columnCount))
        let model = BagOfEmbeddingsClassifier(embeddings: table, weights: Matrix(rowCount: table.columnCount, columnCount: request.classes.count),
                                              bias: [Float](repeating: 0, count: request.classes.count))
        let batch = model.batch(request.trainingSequences)
        let means = model.features(batch)
        var epochs: [EpochRecord] = []
        for epoch in 1...request.options.epochCount {
            var probabilities = model.logits(batch)
            softmaxRows(&probabilities)
            var loss = 0.0
            for (row, label) in request.trainingLabels.enumerated() {
                loss -= log(Double(max(probabilities[row, label], 1e-12)))
                probabilities[row, label] -= 1
            }
            let count = Float(request.trainingLabels.count)
            for target in 0..<model.classCount {
                var biasGradient: Float = 0
                for row in 0..<means.rowCount { biasGradient += probabilities[row, target] / count }
                model.bias[target] -= request.options.learningRate * biasGradient
                for column in 0..<model.embeddingDimension {
                    var sum: Float = 0
                    for row in 0..<means.rowCount { sum += means[row, column] * probabilities[row, target] / count }
                    model.weights[column, target] -= request.options.learningRate * sum
                }
            }
            let devAccuracy = model.accuracy(of: request.devSequences, labels: request.devLabels, batchSize: 256)
            epochs.append(EpochRecord(epoch: epoch, trainingLoss: loss / Double(count), devAccuracy: devAccuracy, seconds: 0))
            progress(TrainingProgress(epoch: epoch, epochCount: request.options.epochCount, exampleCount: Int(count),
                                      totalExampleCount: Int(count), loss: loss / Double(count)))
        }
        return (model, TrainingReport(epochs: epochs, bestEpoch: epochs.count, bestDevAccuracy: epochs.last?.devAccuracy ?? 0, seconds: 0))
    }

    func load(directory: String, classCount: Int, vocabularySize: Int, seed: UInt64) throws(ModelError) -> any TextClassifier {
        let tensors = try SafeTensors.read(path: (directory as NSString).appendingPathComponent("model.safetensors"))
        guard let embeddings = tensors["embedding.weight"], let weights = tensors["classifier.weight"], let bias = tensors["classifier.bias"],
              embeddings.shape.count == 2, embeddings.shape[0] == vocabularySize, weights.shape == [embeddings.shape[1], classCount] else {
            throw ModelError("The bag-of-embeddings checkpoint \(directory) lacks a tensor or has the wrong shapes.")
        }
        return BagOfEmbeddingsClassifier(embeddings: Matrix(rowCount: embeddings.shape[0], columnCount: embeddings.shape[1], values: embeddings.values),
                                         weights: Matrix(rowCount: weights.shape[0], columnCount: weights.shape[1], values: weights.values),
                                         bias: bias.values)
    }

    func save(_ classifier: any TextClassifier, to directory: String, metadata: [String: String]) throws(ModelError) {
        let model = classifier as! BagOfEmbeddingsClassifier
        try SafeTensors.write([
            "embedding.weight": SafeTensors.Tensor(shape: [model.embeddings.rowCount, model.embeddings.columnCount], values: model.embeddings.values),
            "classifier.weight": SafeTensors.Tensor(shape: [model.weights.rowCount, model.weights.columnCount], values: model.weights.values),
            "classifier.bias": SafeTensors.Tensor(shape: [model.bias.count], values: model.bias),
        ], to: (directory as NSString).appendingPathComponent("model.safetensors"), metadata: metadata)
    }
}

@Suite("A third model family registered in one line", .serialized)
struct ToyFamilyTests {
    /// The one registration line (idempotent, so every test may call it).
    static func register() { ModelFamilyRegistry.shared.register(BagOfEmbeddingsFamily()) }

    @Test("the bag-of-embeddings input gradient matches central finite differences")
    func inputGradientMatchesFiniteDifferences() {
        var generator = SplitMix64(seed: 11)
        let table = Matrix(rowCount: 9, columnCount: 4, values: (0..<36).map { _ in generator.nextNormal() })
        let model = BagOfEmbeddingsClassifier(embeddings: table, weights: Matrix(rowCount: 4, columnCount: 3, values: (0..<12).map { _ in generator.nextNormal() }),
                                              bias: [0.1, -0.2, 0.3])
        let batch = model.batch([[1, 2, 3, 4], [5, 6]])
        let embedded = model.embed(batch)
        let targets = [2, 0]
        let analytic = model.inputGradient(embedded: embedded, batch: batch, targets: targets).gradient
        var worst: Float = 0
        let step: Float = 1e-2
        for index in embedded.values.indices {
            var plus = embedded, minus = embedded
            plus.values[index] += step
            minus.values[index] -= step
            let high = model.logits(embedded: plus, batch: batch), low = model.logits(embedded: minus, batch: batch)
            let row = index / embedded.columnCount / batch.sequenceLength
            let numeric = (high[row, targets[row]] - low[row, targets[row]]) / (2 * step)
            worst = max(worst, abs(numeric - analytic.values[index]))
        }
        #expect(worst < 1e-3, "worst absolute difference \(worst)")
        // Padding rows (the second sequence's positions 2 and 3) get no gradient.
        #expect((2..<4).allSatisfy { position in analytic.row(batch.sequenceLength + position).allSatisfy { $0 == 0 } })
        #expect(analytic.values.contains { $0 != 0 })
    }

    @Test("registered in one line, the toy family is listed by --model and refuses nothing it should accept")
    func listedByModelOption() throws {
        Self.register()
        #expect(ModelFamilyArgument.allValueStrings == ["cnn", "bert", "bag"])
        #expect(ModelFamilyArgument(argument: "bag")?.family.name == "bag")
        #expect(ModelFamilyArgument(argument: "lstm") == nil)
        #expect(Salience.helpMessage(for: TrainCommand.self, columns: 1000).contains("bag (mean of the word-piece"))
    }

    @Test("train → attribute → cluster through the CLI with the toy family")
    func trainAttributeCluster() throws {
        Self.register()
        let project = TinyProject.shared
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-toy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let workspace = directory.appendingPathComponent("workspace").path
        let clouds = directory.appendingPathComponent("clouds").path

        var train = try Salience.parseAsRoot(["train", "--model", "bag", "--data", project.data, "--checkpoint", project.checkpoint,
                                              "--workspace", workspace, "--format", "json"])
        try train.run()
        let session = try WorkspaceSession(workspace: Workspace.open(directory: workspace, create: false))
        #expect(session.model.record.recipe.kind == "bag")
        #expect(session.model.family?.name == "bag" && session.model.classifier is BagOfEmbeddingsClassifier)
        #expect(session.model.record.recipe.addedTokens.isEmpty, "no tokens are added unasked")
        let training = try session.positions(split: .train, filter: nil)
        let correct = training.filter { session.predictions[$0] == session.label(at: $0) }.count
        #expect(Double(correct) / Double(training.count) > 0.9, "train accuracy \(correct)/\(training.count) on separable reviews")

        var attribute = try Salience.parseAsRoot(["attribute", "--method", "grad-l2", "--workspace", workspace])
        try attribute.run()
        let test = try session.positions(split: .test, filter: nil)
        #expect(!test.isEmpty)
        var firstProgress: (Int, Int)?
        let maps = try session.maps(SalienceSpecification(method: "grad-l2"), positions: test) { done, total in
            if firstProgress == nil { firstProgress = (done, total) }
        }
        #expect(firstProgress.map { $0 == (test.count, test.count) } == true, "every test example's map was stored by attribute: \(String(describing: firstProgress))")
        #expect(maps.count == test.count && maps.allSatisfy { $0.scores.contains { $0 > 0 } })

        var cluster = try Salience.parseAsRoot(["cluster", "--k", "3", "--method", "grad-l2", "--workspace", workspace, "--wordclouds", clouds])
        try cluster.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: clouds).filter { $0.hasSuffix(".svg") }.sorted()
        #expect(files.count == 3, "\(files)")
        let vocabulary = Set(TinyProject.positiveWords + TinyProject.negativeWords + TinyProject.neutralWords)
        var seen: Set<String> = []
        for file in files {
            let svg = try String(contentsOfFile: (clouds as NSString).appendingPathComponent(file), encoding: .utf8)
            for word in vocabulary where svg.contains(">\(word)<") { seen.insert(word) }
        }
        #expect(seen.contains("good") || seen.contains("bad"), "the anchor words are among the clusters' terms: \(seen.sorted())")
    }
}
