import LinearAlgebra
import Testing
@testable import Models

/// BERT LRP (LayerNorm σ and attention probabilities held constant, then gradient × input).
@Suite("BERT LRP (conservative propagation)")
struct BertRelevanceTests {
    /// The tiny random BERT without pooler and with the feed-forward down-projection zeroed: with σ
    /// and the attention probabilities held constant it is affine in its embeddings, so
    /// Σ relevance + bias share = logit must hold to rounding. `zeroBiases` also zeroes every bias
    /// and the position and token-type embeddings, so the tokens must carry the whole logit.
    func linearisedBert(zeroBiases: Bool) -> BertClassifier {
        let model = tinyBert(usesPooler: false)
        var parameters = model.parameters
        for tensor in parameters.tensors {
            let isBias = tensor.name.hasSuffix(".bias") || tensor.name.contains("position_embeddings") || tensor.name.contains("token_type")
            if tensor.name.hasSuffix("output.dense.weight") && !tensor.name.contains("attention") || (zeroBiases && isBias) {
                parameters[keyPath: tensor.path] = [Float](repeating: 0, count: tensor.elementCount)
            }
        }
        return BertClassifier(configuration: model.configuration, parameters: parameters)
    }

    @Test("on an affine-given-constants BERT, Σ relevance + bias share = logit (and = logit alone with zero biases); Grad×Input does not conserve")
    func exactConservation() {
        for zeroBiases in [true, false] {
            let model = linearisedBert(zeroBiases: zeroBiases)
            let results = model.tokenRelevance(bertSequences, targets: [0, 1, 2], epsilon: 0)
            for (sequence, result) in zip(bertSequences, results) {
                let total = result.scores.reduce(0, +)
                #expect(result.scores.count == sequence.count)
                #expect(abs(result.conservationGap) <= 1e-4 * max(1, abs(result.logit)), "gap \(result.conservationGap), logit \(result.logit)")
                if zeroBiases {
                    #expect(abs(result.biasRelevance) < 1e-5, "bias share \(result.biasRelevance)")
                    // The embedding LayerNorm makes the true network scale-invariant in its inputs,
                    // so plain gradient × input sums to about 0, not to the logit.
                    let batch = model.batch([sequence])
                    let plain = model.inputGradient(embedded: model.embed(batch), batch: batch) { _ in [result.target] }
                    let embedded = model.embed(batch)
                    let plainSum = zip(plain.gradient.values, embedded.values).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                    #expect(abs(plainSum - total) > 0.1 * abs(total), "Grad×Input sum \(plainSum), LRP sum \(total)")
                }
            }
        }
    }

    @Test("on a random BERT with biases and pooler, LRP is finite, differs from Grad×Input, and explains the predicted class by default")
    func differsFromGradientTimesInput() {
        let model = tinyBert()
        let results = model.tokenRelevance(bertSequences, targets: nil, epsilon: 0)
        var largestDifference: Float = 0, largestScore: Float = 0
        for (sequence, result) in zip(bertSequences, results) {
            #expect(result.target == result.logits.indices.max { result.logits[$0] < result.logits[$1] })
            #expect(result.scores.allSatisfy(\.isFinite) && result.biasRelevance.isFinite)
            let batch = model.batch([sequence])
            let embedded = model.embed(batch)
            let plain = model.inputGradient(embedded: embedded, batch: batch) { _ in [result.target] }
            for token in sequence.indices {
                var product: Float = 0
                for column in 0..<32 { product += plain.gradient[token, column] * embedded[token, column] }
                largestDifference = max(largestDifference, abs(product - result.scores[token]))
                largestScore = max(largestScore, abs(result.scores[token]))
            }
        }
        #expect(largestDifference > 0.05 * largestScore, "LRP \(largestScore) vs difference \(largestDifference)")
    }
}
