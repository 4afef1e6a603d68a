import LinearAlgebra
import Models
import Testing
@testable import Attribution

/// A tiny random Kim CNN: vocabulary 20, d = 6, widths [2, 3], 4 filters, 3 classes, and a
/// hidden layer of `hiddenSize` units when positive.
func tinyModel(seed: UInt64 = 7, hiddenSize: Int = 0) -> KimCNN {
    var generator = SplitMix64(seed: seed)
    let configuration = KimCNNConfiguration(vocabularySize: 20, embeddingDimension: 6, classCount: 3, filterWidths: [2, 3], filterCount: 4,
                                            hiddenSize: hiddenSize)
    return KimCNN(configuration: configuration, embeddingTable: nil, generator: &generator)
}

/// No window repeats within a sequence, so no max-pooling tie makes the logits non-differentiable.
let sequences: [[Int32]] = [[1, 4, 7, 2, 9], [3], [12, 5, 5], [8, 19, 0, 6, 11, 2, 14], [10, 13], [6, 1, 6, 2]]
let labels = [0, 2, 1, 1, 0, 2]

func approximatelyEqual(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($0), abs($1)) }
}

@Suite("Grad-L2")
struct GradientL2Tests {
    /// Central differences (step 1e-6) of an independent Double evaluation of the CNN, so
    /// neither Float rounding nor a nearby max-pooling kink disturbs the reference; the analytic
    /// Float scores agree to about 1e-5 relative.
    @Test("each score is the norm of the finite-difference gradient of the target logit with respect to the token's embedding",
          arguments: [0, 5])
    func finiteDifferences(hiddenSize: Int) {
        let model = tinyModel(hiddenSize: hiddenSize)
        let batch = model.batch(sequences)
        let maps = GradientL2().attribute(model: model, batch: batch, targets: .label, labels: labels)
        let tensors = model.exportedTensors().mapValues { $0.values.map(Double.init) }
        var worst = 0.0
        for (index, sequence) in sequences.enumerated() {
            #expect(maps[index].tokenIDs == sequence)
            #expect(maps[index].target == labels[index])
            var rows = sequence.map { token in (0..<6).map { tensors["embedding.weight"]![Int(token) * 6 + $0] } }
            for position in 0..<sequence.count {
                var squares = 0.0
                for column in 0..<6 {
                    let saved = rows[position][column]
                    rows[position][column] = saved + 1e-6
                    let plus = referenceLogits(tensors, rows)[labels[index]]
                    rows[position][column] = saved - 1e-6
                    let minus = referenceLogits(tensors, rows)[labels[index]]
                    rows[position][column] = saved
                    squares += ((plus - minus) / 2e-6) * ((plus - minus) / 2e-6)
                }
                let expected = squares.squareRoot()
                worst = max(worst, abs(Double(maps[index].scores[position]) - expected) / max(expected, 1e-4))
            }
        }
        print("Grad-L2 against finite differences (hidden size \(hiddenSize)): worst relative error \(worst)")
        #expect(worst < 1e-4)
    }

    /// The tiny CNN's logits in Double from its exported (PyTorch-layout) tensors, by the
    /// definition; with `hidden.weight` present the features pass through the hidden ReLU layer first.
    private func referenceLogits(_ tensors: [String: [Double]], _ rows: [[Double]]) -> [Double] {
        var features: [Double] = []
        for (index, width) in [2, 3].enumerated() {
            let weights = tensors["convolutions.\(index).weight"]!, bias = tensors["convolutions.\(index).bias"]!
            for filter in 0..<4 {
                var best = -Double.infinity
                for start in 0..<max(rows.count - width + 1, 1) {
                    var sum = bias[filter]
                    for tap in 0..<width where start + tap < rows.count {
                        for column in 0..<6 { sum += weights[(filter * 6 + column) * width + tap] * rows[start + tap][column] }
                    }
                    best = max(best, sum)
                }
                features.append(max(best, 0))
            }
        }
        if let hiddenWeights = tensors["hidden.weight"], let hiddenBias = tensors["hidden.bias"] {
            features = hiddenBias.indices.map { unit in
                max(hiddenBias[unit] + features.indices.map { hiddenWeights[unit * 8 + $0] * features[$0] }.reduce(0, +), 0)
            }
        }
        let weights = tensors["classifier.weight"]!, bias = tensors["classifier.bias"]!
        let inputCount = features.count
        return (0..<3).map { output in bias[output] + features.indices.map { weights[output * inputCount + $0] * features[$0] }.reduce(0, +) }
    }

    @Test("an example alone and inside a batch gets the same map")
    func aloneVersusBatched() {
        let model = tinyModel()
        let method = GradientL2()
        let together = method.attribute(model: model, batch: model.batch(sequences), targets: .prediction, labels: nil)
        for (index, sequence) in sequences.enumerated() {
            let alone = method.attribute(model: model, batch: model.batch([sequence]), targets: .prediction, labels: nil)[0]
            #expect(alone.target == together[index].target && alone.prediction == together[index].prediction)
            #expect(approximatelyEqual(alone.scores, together[index].scores))
            #expect(approximatelyEqual([alone.targetLogit, alone.probability], [together[index].targetLogit, together[index].probability]))
        }
    }

    @Test("prediction, probability, target logit and target rules are consistent with the model")
    func targetsAndPredictions() {
        let model = tinyModel()
        let batch = model.batch(sequences)
        let logits = model.logits(batch), probabilities = model.probabilities(batch)
        let method = GradientL2()
        let predicted = method.attribute(model: model, batch: batch, targets: .prediction, labels: nil)
        let fixed = method.attribute(model: model, batch: batch, targets: .classIndex(1), labels: nil)
        for index in sequences.indices {
            let row = logits.row(index)
            let prediction = row.indices.max { row[$0] < row[$1] }!
            #expect(predicted[index].prediction == prediction && predicted[index].target == prediction)
            #expect(abs(predicted[index].probability - probabilities[index, prediction]) < 1e-6)
            #expect(abs(predicted[index].targetLogit - row[prediction]) < 1e-5)
            #expect(fixed[index].target == 1 && abs(fixed[index].targetLogit - row[1]) < 1e-5)
            #expect(fixed[index].prediction == prediction)
            #expect(predicted[index].baselineLogit == nil && predicted[index].delta == nil)
        }
    }

    @Test("sum normalisation makes every map sum to one and keeps its proportions")
    func sumNormalization() {
        let model = tinyModel()
        let batch = model.batch(sequences)
        let raw = GradientL2().attribute(model: model, batch: batch, targets: .prediction, labels: nil)
        let normalized = GradientL2(normalization: "sum").attribute(model: model, batch: batch, targets: .prediction, labels: nil)
        for (rawMap, map) in zip(raw, normalized) {
            #expect(abs(map.scores.reduce(0, +) - 1) < 1e-5)
            let total = rawMap.scores.reduce(0, +)
            #expect(approximatelyEqual(map.scores, rawMap.scores.map { $0 / total }))
        }
        #expect(GradientL2(normalization: "sum").recipe(target: "label", modelFingerprint: "abc")
            == SalienceRecipe(method: "grad-l2", target: "label", normalization: "sum", modelFingerprint: "abc"))
    }
}

@Suite("Attributor")
struct AttributorTests {
    @Test("batched attribution of a split returns maps in input order, equal to one-at-a-time maps, and reports progress")
    func wholeSplit() {
        let model = tinyModel()
        var generator = SplitMix64(seed: 5)
        let split: [[Int32]] = (0..<23).map { _ in (0..<(Int(generator.nextUnitFloat() * 9))).map { _ in Int32(generator.nextUnitFloat() * 20) } }
        let splitLabels = split.indices.map { $0 % 3 }
        var reported: [Int] = []
        let maps = Attributor.attribute(model: model, method: GradientL2(), sequences: split, labels: splitLabels, target: .label,
                                        batchSize: 5) { reported.append($0) }
        #expect(reported == [5, 10, 15, 20, 23])
        #expect(maps.count == split.count)
        for (index, sequence) in split.enumerated() {
            let single = GradientL2().attribute(model: model, batch: model.batch([sequence]), targets: .label, labels: [splitLabels[index]])[0]
            #expect(maps[index].tokenIDs == sequence)
            #expect(maps[index].target == splitLabels[index])
            #expect(approximatelyEqual(maps[index].scores, single.scores))
        }
        #expect(Attributor.attribute(model: model, method: GradientL2(), sequences: [], labels: nil, target: .prediction).isEmpty)
    }
}

@Suite("Target rules")
struct TargetRuleTests {
    @Test("parse accepts prediction, label, class names and indices, and rejects anything else with a sentence")
    func parse() throws {
        let names = ["rotten", "fresh"]
        #expect(try TargetRule.parse("prediction", classNames: names) == .prediction)
        #expect(try TargetRule.parse("label", classNames: names) == .label)
        #expect(try TargetRule.parse("fresh", classNames: names) == .classIndex(1))
        #expect(try TargetRule.parse("0", classNames: names) == .classIndex(0))
        #expect(throws: AttributionError.self) { try TargetRule.parse("2", classNames: names) }
        do {
            _ = try TargetRule.parse("bogus", classNames: names)
        } catch {
            #expect(error.message.contains("target class 'bogus' is unknown") && error.message.contains("rotten, fresh") && !error.message.contains("--"))
        }
        #expect(TargetRule.classIndex(1).recipeName(classNames: names) == "fresh")
        #expect(TargetRule.prediction.recipeName(classNames: names) == "prediction")
    }
}
