import Foundation
import LinearAlgebra
import Testing
@testable import Models

@Suite("Disabling features and retraining the head (FIND)")
struct FeatureDisablingTests {
    /// The head's logits for given pooled features `[n, 3F]`.
    func headLogits(_ model: KimCNN, _ features: Matrix) -> Matrix {
        guard let hidden = model.hidden else { return model.classifier.forward(features) }
        let pre = hidden.forward(features)
        return model.classifier.forward(Matrix(rowCount: pre.rowCount, columnCount: pre.columnCount, values: pre.values.map { max($0, 0) }))
    }

    @Test("without a hidden layer, disabling feature f shifts every logit by exactly −activation_f · W[f, c]; for one class, only that class moves")
    func disabledLogitsShift() {
        let model = toyModel(seed: 21)
        let data = toyData(count: 40, seed: 22)
        let features = model.pooledFeatureWindows(data.sequences).activations
        let before = model.packedLogits(data.sequences)
        let feature = 4
        let after = model.disabling([DisabledFeature(feature: feature)]).packedLogits(data.sequences)
        let onlyClassOne = model.disabling([DisabledFeature(feature: feature, classIndex: 1)]).packedLogits(data.sequences)
        for row in 0..<data.sequences.count {
            for column in 0..<2 {
                let expected = before[row, column] - features[row, feature] * model.classifier.weights[feature, column]
                #expect(abs(after[row, column] - expected) < 1e-4)
            }
            #expect(onlyClassOne[row, 0] == before[row, 0])
            #expect(abs(onlyClassOne[row, 1] - after[row, 1]) < 1e-5)
        }
        #expect(model.disabling([DisabledFeature(feature: feature)]).fingerprint != model.fingerprint)
        #expect(model.configuration.disabledFeatures.isEmpty, "the parent is unchanged")
    }

    @Test("with a hidden layer, the mean class influence equals the finite-difference slope of the mean logits, and is 0 for a disabled feature")
    func influenceFiniteDifference() {
        let model = toyModel(seed: 23, hiddenSize: 8).disabling([DisabledFeature(feature: 2)])
        let data = toyData(count: 60, seed: 24)
        let features = model.pooledFeatureWindows(data.sequences).activations
        let influence = model.meanClassInfluence(activations: features)
        let step: Float = 1e-3
        for feature in [0, 2, 5, 9] {
            var plus = features, minus = features
            for row in 0..<features.rowCount { plus[row, feature] += step; minus[row, feature] -= step }
            let high = headLogits(model, plus), low = headLogits(model, minus)
            for column in 0..<2 {
                var slope: Float = 0
                for row in 0..<features.rowCount { slope += (high[row, column] - low[row, column]) / (2 * step) }
                slope /= Float(features.rowCount)
                #expect(abs(slope - influence[feature, column]) < 2e-3, "feature \(feature) class \(column): \(slope) vs \(influence[feature, column])")
            }
        }
        #expect(influence[2, 0] == 0 && influence[2, 1] == 0)
    }

    @Test("the winning windows are the arg-max of each filter's response", arguments: [0, 4])
    func windows(hiddenSize: Int) {
        let model = toyModel(seed: 25, hiddenSize: hiddenSize)
        let data = toyData(count: 10, seed: 26)
        let windows = model.pooledFeatureWindows(data.sequences)
        let featureCount = model.configuration.featureCount
        for (row, sequence) in data.sequences.enumerated() {
            // Dropping every token outside the winning window keeps the feature's value.
            for feature in [0, 7] {
                let start = Int(windows.windowStarts[row * featureCount + feature])
                let window = Array(sequence[start..<min(start + model.featureWidths[feature], sequence.count)])
                let alone = model.pooledFeatureWindows([window]).activations[0, feature]
                #expect(abs(alone - windows.activations[row, feature]) < 1e-5)
            }
        }
    }

    @Test("head retraining moves only the head, keeps disabled weights at exactly 0, learns the task, and is deterministic", arguments: [0, 8])
    func headRetraining(hiddenSize: Int) {
        let training = toyData(count: 300, seed: 27), dev = toyData(count: 100, seed: 28)
        func run() -> (KimCNN, TrainingReport) {
            let model = toyModel(seed: 29, filterCount: 16, hiddenSize: hiddenSize).disabling([DisabledFeature(feature: 1), DisabledFeature(feature: 6)])
            let report = Trainer.trainHead(model, trainingSequences: training.sequences, trainingLabels: training.labels,
                                           devSequences: dev.sequences, devLabels: dev.labels,
                                           options: TrainingOptions(epochCount: 30, batchSize: 20, learningRate: 2e-2, patience: 30, seed: 3))
            return (model, report)
        }
        let untrained = toyModel(seed: 29, filterCount: 16, hiddenSize: hiddenSize).disabling([DisabledFeature(feature: 1), DisabledFeature(feature: 6)])
        let startAccuracy = Trainer.accuracyOf(untrained, sequences: dev.sequences, labels: dev.labels)
        let (model, report) = run()
        let before = untrained.exportedTensors(), after = model.exportedTensors()
        let changed = after.keys.filter { after[$0] != before[$0] }.sorted()
        #expect(changed.allSatisfy { $0.hasPrefix("classifier.") || $0.hasPrefix("hidden.") }, "\(changed)")
        #expect(changed.contains("classifier.weight"))
        let first = model.hidden?.weights ?? model.classifier.weights
        for feature in [1, 6] { #expect((0..<first.columnCount).allSatisfy { first[feature, $0] == 0 }) }
        #expect(report.bestDevAccuracy > startAccuracy)
        #expect(report.bestDevAccuracy >= 0.8, "\(report.bestDevAccuracy)")
        #expect(Trainer.accuracyOf(model, sequences: dev.sequences, labels: dev.labels) == report.bestDevAccuracy)
        #expect(run().0.fingerprint == model.fingerprint)
    }

    @Test("a configuration without disabled features encodes as before; one with them round-trips through a checkpoint")
    func configurationCoding() throws {
        let plain = toyModel(seed: 30)
        let text = String(decoding: try JSONEncoder().encode(plain.configuration), as: UTF8.self)
        #expect(!text.contains("disabledFeatures"))
        let disabled = plain.disabling([DisabledFeature(feature: 3, classIndex: 0), DisabledFeature(feature: 5)])
        #expect(disabled.configuration.disabledFeatures == [DisabledFeature(feature: 3, classIndex: 0), DisabledFeature(feature: 5)])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("find-\(UUID().uuidString)").path
        try disabled.save(to: directory)
        let loaded = try KimCNN.load(from: directory)
        #expect(loaded.configuration == disabled.configuration)
        #expect(loaded.fingerprint == disabled.fingerprint)
        #expect(toyModel(seed: 31, hiddenSize: 4).configuration.problem == nil)
        var wrong = toyModel(seed: 31, hiddenSize: 4).configuration
        wrong.disabledFeatures = [DisabledFeature(feature: 0, classIndex: 1)]
        #expect(wrong.problem != nil, "a per-class disable needs a model without a hidden layer")
    }
}
