import LinearAlgebra
import Models
import Testing
@testable import Attribution

@Suite("Grad×Input")
struct GradientTimesInputTests {
    /// Reference: central differences (step 1e-6) of an independent Double evaluation of the
    /// CNN along the token's own embedding, which is exactly Σ_d (∂f/∂e_id) e_id. The analytic
    /// Float scores agree to about 1e-6 relative; the bound leaves room for Float rounding.
    @Test("each score is the finite-difference derivative of the target logit along the token's own embedding")
    func finiteDifferences() {
        let model = integrationTestModel()
        let reference = DoubleKimCNN(model)
        let maps = GradientTimesInput().attribute(model: model, batch: model.batch(integrationSequences), targets: .label, labels: integrationLabels)
        var worst = 0.0
        for (index, sequence) in integrationSequences.enumerated() {
            #expect(maps[index].tokenIDs == sequence && maps[index].target == integrationLabels[index])
            let rows = sequence.map { token in (0..<6).map { Double(model.embeddingTable[Int(token), $0]) } }
            for position in sequence.indices {
                let expected = reference.directionalDerivative(rows, position: position, direction: rows[position], target: integrationLabels[index])
                worst = max(worst, abs(Double(maps[index].scores[position]) - expected) / max(abs(expected), 1e-3))
            }
        }
        print("Grad×Input against finite differences: worst relative error \(worst)")
        #expect(worst < 1e-4)
    }

    @Test("on a linear model the score of token i is e_i · W[:, c] exactly, signs included")
    func linearModel() {
        let model = LinearTestClassifier()
        let sequences: [[Int32]] = [[1, 2, 3], [4], [5, 6, 7, 8, 9]]
        let maps = GradientTimesInput().attribute(model: model, batch: model.batch(sequences), targets: .classIndex(2), labels: nil)
        var sawNegative = false
        for (map, sequence) in zip(maps, sequences) {
            for (position, token) in sequence.enumerated() {
                let expected = (0..<5).reduce(0.0) { $0 + Double(model.embeddingTable[Int(token), $1]) * Double(model.weights[$1, 2]) }
                #expect(abs(Double(map.scores[position]) - expected) <= 1e-5)
                sawNegative = sawNegative || expected < 0
            }
            #expect(map.baselineLogit == nil && map.delta == nil)
        }
        #expect(sawNegative)
    }

    @Test("an example alone and inside a batch gets the same map; sum normalisation and the recipe")
    func batchingAndRecipe() {
        let model = integrationTestModel()
        let together = GradientTimesInput().attribute(model: model, batch: model.batch(integrationSequences), targets: .prediction, labels: nil)
        for (index, sequence) in integrationSequences.enumerated() {
            let alone = GradientTimesInput().attribute(model: model, batch: model.batch([sequence]), targets: .prediction, labels: nil)[0]
            #expect(alone.target == together[index].target && alone.prediction == together[index].prediction)
            #expect(approximatelyEqual(alone.scores, together[index].scores))
        }
        let normalized = GradientTimesInput(normalization: "sum").attribute(model: model, batch: model.batch(integrationSequences),
                                                                            targets: .prediction, labels: nil)
        for (raw, map) in zip(together, normalized) {
            let total = raw.scores.reduce(0, +)
            #expect(approximatelyEqual(map.scores, raw.scores.map { $0 / total }, tolerance: 1e-4))
        }
        #expect(GradientTimesInput(normalization: "sum").recipe(target: "fresh", modelFingerprint: "f0")
            == SalienceRecipe(method: "grad-input", target: "fresh", normalization: "sum", modelFingerprint: "f0"))
    }
}
