import Foundation
import LinearAlgebra
import Testing
@testable import Models

/// The analytic Float gradients of `BertClassifier` against central differences (step 1e-5) of the
/// independent Double `BertReference`. Float rounding through two layers keeps the analytic
/// values within about 1e-5 relative of the truth and the difference quotient is accurate to about
/// 1e-9, so a tolerance of 1e-3 fails only on a real error (a missing term or a wrong index gives
/// errors of order 0.1–1).
@Suite("BERT gradient checks")
struct BertGradientTests {
    let tolerance = 1e-3
    let step = 1e-5

    @Test("the forward pass matches the Double reference, sequence by sequence, inside a padded batch")
    func forwardParity() {
        for usesPooler in [true, false] {
            let model = tinyBert(usesPooler: usesPooler)
            let reference = BertReference(model)
            let batch = model.batch(bertSequences)
            let logits = model.logits(batch), states = model.hiddenStates(batch)
            var worst = 0.0
            for (index, sequence) in bertSequences.enumerated() {
                let expectedStates = reference.hiddenStates(reference.words(sequence))
                for position in sequence.indices {
                    for column in 0..<32 {
                        worst = max(worst, abs(Double(states[index * batch.sequenceLength + position, column]) - expectedStates[position][column]))
                    }
                }
                for (column, expected) in reference.logits(reference.words(sequence)).enumerated() {
                    worst = max(worst, abs(Double(logits[index, column]) - expected))
                }
            }
            print("BERT forward (pooler \(usesPooler)): worst absolute difference \(worst)")
            #expect(worst < 1e-4)
        }
    }

    @Test("every parameter gradient matches central differences (along a random direction and at sampled entries)", arguments: [true, false])
    func parameterGradients(usesPooler: Bool) {
        let model = tinyBert(usesPooler: usesPooler)
        let reference = BertReference(model)
        let labels = [0, 2, 1]
        var gradients = BertParameters.zeros(like: model.parameters)
        var noDropout: SplitMix64? = nil
        let (loss, embeddingGradient) = model.accumulateGradients(batch: model.batch(bertSequences), labels: labels,
                                                                   generator: &noDropout, gradients: &gradients)
        #expect(abs(loss - reference.loss(bertSequences, labels: labels)) < 1e-5)
        var generator = SplitMix64(seed: 5)
        var report: [(String, Double)] = []
        for tensor in model.parameters.tensors {
            var analytic = gradients[keyPath: tensor.path].map(Double.init)
            if tensor.name == "embeddings.word_embeddings.weight" {
                #expect(analytic.allSatisfy { $0 == 0 }, "word embeddings must be left out of the accumulator")
                analytic = [Double](repeating: 0, count: tensor.elementCount)
                for (slot, token) in embeddingGradient.tokens.enumerated() {
                    for column in 0..<32 { analytic[Int(token) * 32 + column] = Double(embeddingGradient.rows[slot * 32 + column]) }
                }
            }
            func numeric(_ perturb: (inout [Double], Double) -> Void) -> Double {
                var plus = reference, minus = reference
                perturb(&plus.tensors[tensor.name]!, step)
                perturb(&minus.tensors[tensor.name]!, -step)
                return (plus.loss(bertSequences, labels: labels) - minus.loss(bertSequences, labels: labels)) / (2 * step)
            }
            // Along a random direction: every entry of the tensor takes part.
            let direction = (0..<tensor.elementCount).map { _ in Double(generator.nextNormal()) }
            let directional = numeric { values, size in for index in values.indices { values[index] += size * direction[index] } }
            // The floor 1e-4 (gradients here are of order 1e-2 to 1) lets the key biases pass, whose true
            // gradient is zero (a shift of every key's score by the same q·b leaves the softmax unchanged)
            // and whose analytic value is Float rounding of order 1e-8.
            var worst = bertRelativeError(zip(analytic, direction).reduce(0) { $0 + $1.0 * $1.1 }, directional, floor: 1e-4)
            // At the entry with the largest gradient and at one random entry.
            let largest = analytic.indices.max { abs(analytic[$0]) < abs(analytic[$1]) }!
            for index in [largest, Int(generator.next() % UInt64(tensor.elementCount))] {
                let value = numeric { values, size in values[index] += size }
                worst = max(worst, bertRelativeError(analytic[index], value, floor: 1e-4))
            }
            report.append((tensor.name, worst))
        }
        for (name, error) in report { print("BERT gradient (pooler \(usesPooler)) \(name): worst relative error \(error)") }
        let worst = report.max { $0.1 < $1.1 }!
        #expect(worst.1 < tolerance, "worst group \(worst.0)")
    }

    @Test("the input gradient matches central differences of the chosen logits and is zero on padding rows")
    func inputGradient() {
        let model = tinyBert()
        let reference = BertReference(model)
        let batch = model.batch(bertSequences)
        let targets = [1, 0, 2]
        let embedded = model.embed(batch)
        let gradient = model.inputGradient(embedded: embedded, batch: batch, targets: targets).gradient
        var generator = SplitMix64(seed: 8)
        var worst = 0.0
        for (index, sequence) in bertSequences.enumerated() {
            let words = reference.words(sequence)
            let direction = words.map { $0.map { _ in Double(generator.nextNormal()) } }
            func shifted(_ size: Double) -> Double {
                let moved = zip(words, direction).map { word, change in zip(word, change).map { $0 + size * $1 } }
                return reference.logits(moved)[targets[index]]
            }
            let numeric = (shifted(step) - shifted(-step)) / (2 * step)
            var analytic = 0.0
            for position in sequence.indices {
                for column in 0..<32 {
                    analytic += Double(gradient[index * batch.sequenceLength + position, column]) * direction[position][column]
                }
            }
            worst = max(worst, bertRelativeError(analytic, numeric))
            for position in sequence.count..<batch.sequenceLength {
                #expect(gradient.row(index * batch.sequenceLength + position).allSatisfy { $0 == 0 })
            }
        }
        print("BERT input gradient: worst relative error \(worst)")
        #expect(worst < tolerance)
    }
}
