import LinearAlgebra
import Testing
@testable import Models

/// LRP-ε through the Kim CNN (`KimCNN+Relevance.swift`): a hand-computed case, conservation on a
/// bias-free model, LRP-0 against Grad×Input and the exact decomposition with biases.
@Suite("CNN relevance (LRP-ε)")
struct RelevanceTests {
    /// Vocabulary 4 (rows (0,0), (1,0), (0,1), (1,1)), d = 2, one filter of width 2 with taps
    /// (1, 2) and (3, −1) and bias 0.5, output weights (2, −1) and biases (0.1, −0.2).
    func handModel() -> KimCNN {
        var generator = SplitMix64(seed: 1)
        let configuration = KimCNNConfiguration(vocabularySize: 4, embeddingDimension: 2, classCount: 2, filterWidths: [2], filterCount: 1)
        let model = KimCNN(configuration: configuration, embeddingTable: nil, generator: &generator)
        model.embeddings = Matrix(rows: [[0, 0], [1, 0], [0, 1], [1, 1]])
        model.convolutions.weights = Matrix(rows: [[1, 2], [3, -1]])
        model.convolutions.bias = [0.5]
        model.classifier = Linear(weights: Matrix(rows: [[2, -1]]), bias: [0.1, -0.2])
        return model
    }

    @Test("hand-computed: [1, 2, 3] pools window 1 (4.5 = 2 + 2 + 0.5); LRP-0 gives tokens 0, 4, 4 and biases 1.1; ε = 1 scales by 9.1/10.1 and 4.5/5.5")
    func handComputed() {
        let model = handModel()
        // Windows: start 0 → e1·(1,2) + e2·(3,−1) + 0.5 = 1 − 1 + 0.5 = 0.5; start 1 → e2·(1,2) + e3·(3,−1) + 0.5 = 2 + 2 + 0.5 = 4.5.
        let trace = model.poolingTraces([[1, 2, 3]])[0]
        #expect(trace.windowStarts == [1] && trace.windowWidths == [2])
        #expect(trace.pooledValues == [4.5] && trace.tapContributions == [2, 2])
        // logit 0 = 2 · 4.5 + 0.1 = 9.1; R_feature = 9; share 9 / 4.5 = 2 per unit of tap contribution.
        let exact = model.relevance([[1, 2, 3]], targets: [0], epsilon: 0)[0]
        #expect(abs(exact.logit - 9.1) < 1e-6)
        #expect(exact.featureRelevance == [9])
        #expect(exact.tokenRelevance == [0, 4, 4])
        #expect(abs(exact.biasRelevance - 1.1) < 1e-6)
        #expect(abs(exact.conservationGap) < 1e-6)
        let damped = model.relevance([[1, 2, 3]], targets: [0], epsilon: 1)[0]
        let feature: Float = 9 * 9.1 / 10.1
        #expect(abs(damped.featureRelevance[0] - feature) < 1e-5)
        #expect(abs(damped.tokenRelevance[1] - 2 * feature / 5.5) < 1e-5 && abs(damped.tokenRelevance[2] - 2 * feature / 5.5) < 1e-5)
        // One feature alone, relevance = its value: the window tokens share 4.5 minus the bias's 0.5.
        let single = trace.tokenRelevance(feature: 0, epsilon: 0)
        #expect(single.map(\.token) == [1, 2] && single.map(\.relevance) == [2, 2])
        // The predicted class is 0 (9.1 against −4.7).
        #expect(model.relevance([[1, 2, 3]], targets: nil, epsilon: 0)[0].target == 0)
    }

    @Test("with every bias zero, ε → 0 relevance sums to the target logit within 1e-4 (hidden layer included)")
    func conservationWithoutBiases() {
        for hiddenSize in [0, 5] {
            let model = tinyModel(seed: 21, hiddenSize: hiddenSize)
            model.convolutions.bias = model.convolutions.bias.map { _ in 0 }
            if let hidden = model.hidden { model.hidden = Linear(weights: hidden.weights, bias: hidden.bias.map { _ in 0 }) }
            model.classifier = Linear(weights: model.classifier.weights, bias: model.classifier.bias.map { _ in 0 })
            for epsilon: Float in [0, 1e-7] {
                for result in model.relevance(tinySequences, targets: [0, 1, 2, 0, 1], epsilon: epsilon) {
                    let total = result.tokenRelevance.reduce(0, +)
                    #expect(abs(total - result.logit) <= 1e-4 * max(1, abs(result.logit)), "H = \(hiddenSize), ε = \(epsilon): Σ R = \(total), logit \(result.logit)")
                    #expect(result.biasRelevance == 0)
                }
            }
        }
    }

    @Test("LRP-0 equals Grad×Input token by token, and Σ tokens + biases = logit, biases and a hidden layer included")
    func lrpZeroIsGradientTimesInput() {
        for hiddenSize in [0, 5] {
            let model = tinyModel(seed: 22, hiddenSize: hiddenSize)
            let targets = [2, 0, 1, 1, 0]
            let batch = model.batch(tinySequences)
            let embedded = model.embed(batch)
            let gradient = model.inputGradient(embedded: embedded, batch: batch, targets: targets).gradient
            let results = model.relevance(tinySequences, targets: targets, epsilon: 0)
            for (sequence, result) in results.enumerated() {
                let expected = (0..<tinySequences[sequence].count).map { token in
                    let row = sequence * batch.sequenceLength + token
                    return (0..<6).reduce(Float(0)) { $0 + gradient[row, $1] * embedded[row, $1] }
                }
                #expect(approximatelyEqual(result.tokenRelevance, expected, tolerance: 1e-5), "H = \(hiddenSize), sequence \(sequence)")
                #expect(abs(result.conservationGap) <= 1e-4 * max(1, abs(result.logit)))
            }
        }
    }
}
