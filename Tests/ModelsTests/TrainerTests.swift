import LinearAlgebra
import Testing
@testable import Models

/// A toy task: class 1 exactly when token 3 occurs; other tokens are noise.
func toyData(count: Int, seed: UInt64) -> (sequences: [[Int32]], labels: [Int]) {
    var generator = SplitMix64(seed: seed)
    var sequences: [[Int32]] = [], labels: [Int] = []
    for _ in 0..<count {
        let length = 2 + Int(generator.nextUnitFloat() * 7)
        var sequence = (0..<length).map { _ in Int32(4 + Int(generator.nextUnitFloat() * 16)) }
        let label = generator.nextUnitFloat() < 0.5 ? 1 : 0
        if label == 1 { sequence[Int(generator.nextUnitFloat() * Float(length))] = 3 }
        sequences.append(sequence)
        labels.append(label)
    }
    return (sequences, labels)
}

func toyModel(seed: UInt64, trainEmbeddings: Bool = false, dropout: Float = 0.5, filterCount: Int = 6, hiddenSize: Int = 0,
              hiddenDropout: Float = 0, zeroInitialOutput: Bool = false) -> KimCNN {
    var generator = SplitMix64(seed: seed)
    let configuration = KimCNNConfiguration(vocabularySize: 20, embeddingDimension: 16, classCount: 2, filterWidths: [2, 3],
                                            filterCount: filterCount, dropout: dropout, trainEmbeddings: trainEmbeddings,
                                            hiddenSize: hiddenSize, hiddenDropout: hiddenDropout)
    return KimCNN(configuration: configuration, embeddingTable: nil, generator: &generator, zeroInitialOutput: zeroInitialOutput)
}

@Suite("Training")
struct TrainerTests {
    @Test("training learns a token rule, restores the best dev epoch and reports progress, with and without a hidden layer",
          arguments: [0, 16])
    func learnsToyTask(hiddenSize: Int) {
        let training = toyData(count: 300, seed: 1), dev = toyData(count: 100, seed: 2)
        let model = toyModel(seed: 5, hiddenSize: hiddenSize, hiddenDropout: 0.1)
        let before = model.exportedTensors()
        var updates = 0
        let report = Trainer.train(model, trainingSequences: training.sequences, trainingLabels: training.labels,
                                   devSequences: dev.sequences, devLabels: dev.labels,
                                   options: TrainingOptions(epochCount: 8, batchSize: 20, learningRate: 1e-2, patience: 8, seed: 9)) { progress in
            updates += 1
            #expect(progress.exampleCount <= progress.totalExampleCount)
        }
        #expect(updates == report.epochs.count * 15)
        #expect(report.bestDevAccuracy >= 0.95)
        #expect(report.epochs[report.bestEpoch - 1].devAccuracy == report.bestDevAccuracy)
        #expect(report.epochs.allSatisfy { $0.devAccuracy <= report.bestDevAccuracy })
        #expect(Trainer.accuracyOf(model, sequences: dev.sequences, labels: dev.labels) == report.bestDevAccuracy)
        #expect(report.epochs.last!.trainingLoss < report.epochs.first!.trainingLoss)
        let after = model.exportedTensors()
        #expect(after.keys.filter { after[$0] != before[$0] }.sorted()
            == (hiddenSize > 0 ? ["classifier.bias", "classifier.weight", "convolutions.0.bias", "convolutions.0.weight",
                                  "convolutions.1.bias", "convolutions.1.weight", "hidden.bias", "hidden.weight"]
                               : ["classifier.bias", "classifier.weight", "convolutions.0.bias", "convolutions.0.weight",
                                  "convolutions.1.bias", "convolutions.1.weight"]))
    }

    @Test("from a zero output layer a two-class model's logits stay each other's negatives through training; from a random one they do not")
    func zeroInitialOutput() {
        let training = toyData(count: 100, seed: 14), dev = toyData(count: 30, seed: 15)
        func imbalance(zeroInitialOutput: Bool) -> Float {
            let model = toyModel(seed: 16, hiddenSize: 5, zeroInitialOutput: zeroInitialOutput)
            #expect(model.classifier.weights.values.allSatisfy { $0 == 0 } == zeroInitialOutput)
            _ = Trainer.train(model, trainingSequences: training.sequences, trainingLabels: training.labels,
                              devSequences: dev.sequences, devLabels: dev.labels,
                              options: TrainingOptions(epochCount: 3, batchSize: 10, learningRate: 1e-2, patience: 3, seed: 2))
            let logits = model.logits(model.batch(dev.sequences))
            #expect(model.classifier.weights.values.contains { $0 != 0 })
            return (0..<logits.rowCount).map { abs(logits[$0, 0] + logits[$0, 1]) / max(1, abs(logits[$0, 0])) }.max()!
        }
        #expect(imbalance(zeroInitialOutput: true) < 1e-4)
        #expect(imbalance(zeroInitialOutput: false) > 1e-2)
    }

    @Test("two trainings with the same seed give identical weights; another seed does not", arguments: [0, 4])
    func deterministic(hiddenSize: Int) {
        let training = toyData(count: 60, seed: 3), dev = toyData(count: 20, seed: 4)
        func run(_ seed: UInt64) -> KimCNN {
            let model = toyModel(seed: 6, trainEmbeddings: true, hiddenSize: hiddenSize, hiddenDropout: 0.5)
            _ = Trainer.train(model, trainingSequences: training.sequences, trainingLabels: training.labels,
                              devSequences: dev.sequences, devLabels: dev.labels,
                              options: TrainingOptions(epochCount: 2, batchSize: 16, seed: seed))
            return model
        }
        let first = run(1), second = run(1), third = run(2)
        #expect(first.exportedTensors() == second.exportedTensors())
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.exportedTensors() != third.exportedTensors())
    }

    @Test("frozen embeddings stay unchanged; trainable ones move only in rows that occur")
    func embeddingFreezing() {
        let training = toyData(count: 40, seed: 5)
        let frozen = toyModel(seed: 7)
        let before = frozen.embeddingTable
        _ = Trainer.train(frozen, trainingSequences: training.sequences, trainingLabels: training.labels, devSequences: [], devLabels: [],
                          options: TrainingOptions(epochCount: 1, batchSize: 10))
        #expect(frozen.embeddingTable == before)
        let trainable = toyModel(seed: 7, trainEmbeddings: true)
        _ = Trainer.train(trainable, trainingSequences: training.sequences, trainingLabels: training.labels, devSequences: [], devLabels: [],
                          options: TrainingOptions(epochCount: 1, batchSize: 10))
        let used = Set(training.sequences.joined())
        for token in 0..<20 {
            #expect((trainable.embeddingTable.row(token) != before.row(token)) == used.contains(Int32(token)))
        }
    }

    @Test("early stopping ends the run after `patience` epochs without a better dev accuracy")
    func earlyStopping() {
        let training = toyData(count: 100, seed: 8), dev = toyData(count: 40, seed: 9)
        let model = toyModel(seed: 10)
        let report = Trainer.train(model, trainingSequences: training.sequences, trainingLabels: training.labels,
                                   devSequences: dev.sequences, devLabels: dev.labels,
                                   options: TrainingOptions(epochCount: 40, batchSize: 10, learningRate: 3e-2, patience: 2, seed: 1))
        #expect(report.epochs.count < 40)
        #expect(report.epochs.count == report.bestEpoch + 2)
    }

    @Test("dropout masks keep about half the features, scaled by 2, and are seeded")
    func dropoutMask() {
        var first = SplitMix64(seed: 4), second = SplitMix64(seed: 4)
        let mask = Trainer.dropoutMask(count: 10000, rate: 0.5, generator: &first)!
        #expect(mask == Trainer.dropoutMask(count: 10000, rate: 0.5, generator: &second))
        #expect(Set(mask) == [0, 2])
        #expect(abs(Float(mask.filter { $0 == 0 }.count) / 10000 - 0.5) < 0.03)
        #expect(Trainer.dropoutMask(count: 3, rate: 0, generator: &first) == nil)
    }
}
