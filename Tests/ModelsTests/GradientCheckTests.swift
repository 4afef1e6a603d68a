import Foundation
import LinearAlgebra
import Testing
@testable import Models

/// Analytic Float gradients against central differences (step 1e-6) of the independent Double
/// reference. Float rounding of sums of at most a few dozen terms keeps the analytic gradients
/// within about 1e-5 relative; the difference quotient is exact for the piecewise-linear parts and
/// accurate to about 1e-10 elsewhere. A tolerance of 1e-4 therefore fails only on a real error
/// (a wrong index or a missing term gives errors of order 1). Inputs are random, so no maximum or
/// ReLU sits on a tie within the step.
let gradientTolerance = 1e-4

@Suite("Gradient checks")
struct GradientCheckTests {
    @Test("the linear layer's weight, bias and input gradients match finite differences")
    func linearLayer() {
        var generator = SplitMix64(seed: 11)
        let layer = Linear(inputCount: 5, outputCount: 3, generator: &generator)
        let input = Matrix(rowCount: 4, columnCount: 5, values: (0..<20).map { _ in generator.nextNormal() })
        let probe = Matrix(rowCount: 4, columnCount: 3, values: (0..<12).map { _ in generator.nextNormal() })
        var weightGradient = [Float](repeating: 0, count: 15), biasGradient = [Float](repeating: 0, count: 3)
        let inputGradient = weightGradient.withUnsafeMutableBufferPointer { w in
            biasGradient.withUnsafeMutableBufferPointer { b in
                layer.backward(input: input, outputGradient: probe, weightGradient: w.baseAddress!, biasGradient: b.baseAddress!)
            }
        }
        var weights = layer.weights.values.map(Double.init), bias = layer.bias.map(Double.init), x = input.values.map(Double.init)
        func loss() -> Double {
            var total = 0.0
            for row in 0..<4 {
                for column in 0..<3 {
                    var sum = bias[column]
                    for inner in 0..<5 { sum += x[row * 5 + inner] * weights[inner * 3 + column] }
                    total += Double(probe[row, column]) * sum
                }
            }
            return total
        }
        var worst = 0.0
        for index in weights.indices { worst = max(worst, relativeError(Double(weightGradient[index]), centralDifference(at: weights[index], set: { weights[index] = $0 }, loss))) }
        for index in bias.indices { worst = max(worst, relativeError(Double(biasGradient[index]), centralDifference(at: bias[index], set: { bias[index] = $0 }, loss))) }
        for index in x.indices { worst = max(worst, relativeError(Double(inputGradient.values[index]), centralDifference(at: x[index], set: { x[index] = $0 }, loss))) }
        print("Linear: worst relative error \(worst)")
        #expect(worst < gradientTolerance)
    }

    @Test("the pooled convolutions' filter, bias and input gradients match finite differences, short sequences included")
    func pooledConvolutions() {
        let model = tinyModel()
        var reference = ReferenceKimCNN(model)
        var generator = SplitMix64(seed: 12)
        let lengths = [4, 1, 2, 6]
        let layout = SequenceLayout(packedLengths: lengths)
        let input = (0..<(layout.rowCount * 6)).map { _ in generator.nextNormal() }
        let probe = (0..<(lengths.count * 8)).map { _ in generator.nextNormal() }
        let convolutions = model.convolutions
        var weightGradient = [Float](repeating: 0, count: convolutions.weights.values.count)
        var biasGradient = [Float](repeating: 0, count: 8), inputGradient = [Float](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { x in
            let pooled = convolutions.forward(input: x.baseAddress!, layout: layout)
            probe.withUnsafeBufferPointer { p in
                weightGradient.withUnsafeMutableBufferPointer { w in
                    biasGradient.withUnsafeMutableBufferPointer { b in
                        inputGradient.withUnsafeMutableBufferPointer { g in
                            convolutions.backward(pooledGradient: p.baseAddress!, pooled: pooled, input: x.baseAddress!, layout: layout,
                                                  weightGradient: w.baseAddress!, biasGradient: b.baseAddress!, inputGradient: g.baseAddress!)
                        }
                    }
                }
            }
        }
        var x = input.map(Double.init)
        func loss() -> Double {
            var total = 0.0
            for (sequence, length) in lengths.enumerated() {
                let start = layout.offsets[sequence]
                let rows = (0..<length).map { Array(x[((start + $0) * 6)..<((start + $0 + 1) * 6)]) }
                for (index, value) in reference.pooledMaxima(rows).enumerated() { total += Double(probe[sequence * 8 + index]) * value }
            }
            return total
        }
        var worst = 0.0
        for (index, width) in [2, 3].enumerated() {
            for filter in 0..<4 {
                for tap in 0..<width {
                    for column in 0..<6 {
                        let row = convolutions.tapOffsets[index] + tap * 4 + filter
                        let numerical = centralDifference(at: reference.convolutionWeights[index][(filter * 6 + column) * width + tap], set: { reference.convolutionWeights[index][(filter * 6 + column) * width + tap] = $0 }, loss)
                        worst = max(worst, relativeError(Double(weightGradient[row * 6 + column]), numerical))
                    }
                }
                let numerical = centralDifference(at: reference.convolutionBiases[index][filter], set: { reference.convolutionBiases[index][filter] = $0 }, loss)
                worst = max(worst, relativeError(Double(biasGradient[index * 4 + filter]), numerical))
            }
        }
        for index in x.indices { worst = max(worst, relativeError(Double(inputGradient[index]), centralDifference(at: x[index], set: { x[index] = $0 }, loss))) }
        print("PooledConvolutions: worst relative error \(worst)")
        #expect(worst < gradientTolerance)
    }

    @Test("softmax cross-entropy's gradient matches finite differences")
    func softmaxCrossEntropyGradient() {
        var generator = SplitMix64(seed: 13)
        let logits = Matrix(rowCount: 4, columnCount: 3, values: (0..<12).map { _ in 3 * generator.nextNormal() })
        let labels = [2, 0, 1, 1]
        let (loss, gradient) = softmaxCrossEntropy(logits: logits, labels: labels)
        var values = logits.values.map(Double.init)
        func reference() -> Double {
            (0..<4).map { row in
                let entries = values[(row * 3)..<(row * 3 + 3)]
                return log(entries.map(exp).reduce(0, +)) - entries[row * 3 + labels[row]]
            }.reduce(0, +) / 4
        }
        #expect(abs(loss - reference()) < 1e-5)
        var worst = 0.0
        for index in values.indices { worst = max(worst, relativeError(Double(gradient.values[index]), centralDifference(at: values[index], set: { values[index] = $0 }, reference))) }
        print("SoftmaxCrossEntropy: worst relative error \(worst)")
        #expect(worst < gradientTolerance)
    }

    @Test("every parameter group of the whole model, embeddings included, matches finite differences of the loss",
          arguments: [0, 5])
    func wholeModelParameters(hiddenSize: Int) {
        for useMask in [false, true] {
            let model = tinyModel(trainEmbeddings: true, hiddenSize: hiddenSize, hiddenDropout: 0.5)
            var reference = ReferenceKimCNN(model)
            var generator = SplitMix64(seed: 14)
            let batchSize = tinySequences.count
            let maskValues: [Float]? = useMask ? Trainer.dropoutMask(count: batchSize * 8, rate: 0.5, generator: &generator) : nil
            let hiddenMaskValues: [Float]? = useMask && hiddenSize > 0
                ? Trainer.dropoutMask(count: batchSize * hiddenSize, rate: 0.5, generator: &generator) : nil
            func rows(_ values: [Float]?, width: Int) -> [[Double]]? {
                values.map { values in (0..<batchSize).map { row in (0..<width).map { Double(values[row * width + $0]) } } }
            }
            let masks = rows(maskValues, width: 8), hiddenMasks = rows(hiddenMaskValues, width: hiddenSize)
            var gradients = KimCNNGradients(for: model)
            let (loss, embeddingGradient) = model.accumulateGradients(sequences: tinySequences, labels: tinyLabels, dropoutMask: maskValues,
                                                                      hiddenDropoutMask: hiddenMaskValues, gradients: &gradients)
            func referenceLossNow() -> Double { reference.loss(tinySequences, labels: tinyLabels, masks: masks, hiddenMasks: hiddenMasks) }
            let referenceLoss = referenceLossNow()
            #expect(abs(loss - referenceLoss) < 1e-5 * max(1, abs(referenceLoss)))
            var worst: [String: Double] = [:]
            func record(_ group: String, _ analytic: Float, _ numerical: Double) {
                worst[group] = max(worst[group] ?? 0, relativeError(Double(analytic), numerical))
            }
            let convolutions = model.convolutions
            for (index, width) in [2, 3].enumerated() {
                for filter in 0..<4 {
                    for tap in 0..<width {
                        for column in 0..<6 {
                            let row = convolutions.tapOffsets[index] + tap * 4 + filter
                            let numerical = centralDifference(at: reference.convolutionWeights[index][(filter * 6 + column) * width + tap], set: { reference.convolutionWeights[index][(filter * 6 + column) * width + tap] = $0 }, referenceLossNow)
                            record("convolutions.\(index).weight", gradients.convolutionWeights[row * 6 + column], numerical)
                        }
                    }
                    record("convolutions.\(index).bias", gradients.convolutionBias[index * 4 + filter],
                           centralDifference(at: reference.convolutionBiases[index][filter], set: { reference.convolutionBiases[index][filter] = $0 }, referenceLossNow))
                }
            }
            // The internal layouts are [inputs, outputs]; the exported (reference) ones [outputs, inputs].
            for unit in 0..<hiddenSize {
                for feature in 0..<8 {
                    record("hidden.weight", gradients.hiddenWeights[feature * hiddenSize + unit],
                           centralDifference(at: reference.hiddenWeight[unit * 8 + feature], set: { reference.hiddenWeight[unit * 8 + feature] = $0 }, referenceLossNow))
                }
                record("hidden.bias", gradients.hiddenBias[unit], centralDifference(at: reference.hiddenBias[unit], set: { reference.hiddenBias[unit] = $0 }, referenceLossNow))
            }
            let inputCount = model.configuration.representationCount
            for output in 0..<3 {
                for input in 0..<inputCount {
                    record("classifier.weight", gradients.classifierWeights[input * 3 + output],
                           centralDifference(at: reference.classifierWeight[output * inputCount + input], set: { reference.classifierWeight[output * inputCount + input] = $0 }, referenceLossNow))
                }
                record("classifier.bias", gradients.classifierBias[output], centralDifference(at: reference.classifierBias[output], set: { reference.classifierBias[output] = $0 }, referenceLossNow))
            }
            let table = embeddingGradient!
            for token in 0..<20 {
                let slot = table.tokens.firstIndex(of: Int32(token))
                for column in 0..<6 {
                    let analytic = slot.map { table.rows[$0 * 6 + column] } ?? 0
                    record("embedding.weight", analytic, centralDifference(at: reference.embedding[token * 6 + column], set: { reference.embedding[token * 6 + column] = $0 }, referenceLossNow))
                }
            }
            print("Whole model (hidden size \(hiddenSize), dropout masks \(useMask ? "fixed" : "off")): worst relative error per group \(worst.sorted { $0.key < $1.key })")
            #expect(worst.count == (hiddenSize > 0 ? 9 : 7))
            #expect(hiddenSize == 0 || gradients.hiddenWeights.contains { $0 != 0 })
            #expect(worst.values.allSatisfy { $0 < gradientTolerance })
        }
    }

    @Test("the input gradient of each target logit matches finite differences with respect to the embedded batch",
          arguments: [0, 5])
    func inputGradient(hiddenSize: Int) {
        let model = tinyModel(hiddenSize: hiddenSize)
        let reference = ReferenceKimCNN(model)
        let batch = model.batch(tinySequences)
        let embedded = model.embed(batch)
        let targets = [2, 0, 1, 2, 1]
        let (logits, gradient) = model.inputGradient(embedded: embedded, batch: batch, targets: targets)
        var worst = 0.0
        for sequence in 0..<batch.batchSize {
            var rows = reference.embedded(tinySequences[sequence])
            let referenceLogits = reference.logits(rows)
            for output in 0..<3 { #expect(abs(Double(logits[sequence, output]) - referenceLogits[output]) < 1e-5) }
            for position in 0..<batch.sequenceLength {
                for column in 0..<6 {
                    let analytic = Double(gradient[sequence * batch.sequenceLength + position, column])
                    guard position < rows.count else {
                        #expect(analytic == 0)
                        continue
                    }
                    let saved = rows[position][column]
                    rows[position][column] = saved + 1e-6
                    let plus = reference.logits(rows)[targets[sequence]]
                    rows[position][column] = saved - 1e-6
                    let minus = reference.logits(rows)[targets[sequence]]
                    rows[position][column] = saved
                    worst = max(worst, relativeError(analytic, (plus - minus) / 2e-6))
                }
            }
        }
        print("Input gradient (hidden size \(hiddenSize)): worst relative error \(worst)")
        #expect(worst < gradientTolerance)
    }
}
