import LinearAlgebra
import Models
import Testing
@testable import Attribution

@Suite("Integrated Gradients")
struct IntegratedGradientsTests {
    @Test("on a linear model IG equals (e_i − b_i) · W[:, c] for every rule and baseline, and δ ≈ 0",
          arguments: QuadratureRule.allCases)
    func linearModel(rule: QuadratureRule) {
        let model = LinearTestClassifier()
        let sequences: [[Int32]] = [[1, 2, 3], [4], [5, 6, 7, 8, 9], [10, 11]]
        for baseline in [IntegrationBaseline.zero, .token(0), .token(7)] {
            let method = IntegratedGradients(steps: 6, quadrature: rule, baseline: baseline, internalBatchSize: 5)
            let maps = method.attribute(model: model, batch: model.batch(sequences), targets: .classIndex(1), labels: nil)
            for (map, sequence) in zip(maps, sequences) {
                var inputRows: [[Double]] = [], baselineRows: [[Double]] = []
                for (position, token) in sequence.enumerated() {
                    let input = (0..<5).map { Double(model.embeddingTable[Int(token), $0]) }
                    let start: [Double]
                    switch baseline {
                    case .zero: start = [Double](repeating: 0, count: 5)
                    case .token(let id): start = (0..<5).map { Double(model.embeddingTable[Int(id), $0]) }
                    }
                    inputRows.append(input)
                    baselineRows.append(start)
                    let expected = (0..<5).reduce(0.0) { $0 + (input[$1] - start[$1]) * Double(model.weights[$1, 1]) }
                    #expect(abs(Double(map.scores[position]) - expected) <= 1e-5, "\(rule.rawValue) \(baseline) position \(position)")
                }
                #expect(abs(Double(map.targetLogit) - model.exactLogit(rows: inputRows, target: 1)) <= 1e-5)
                #expect(abs(Double(map.baselineLogit!) - model.exactLogit(rows: baselineRows, target: 1)) <= 1e-5)
                #expect(abs(map.delta!) <= 1e-5)
            }
        }
    }

    @Test("the (step, example) pairs go to the model in ⌈steps × batch / internalBatchSize⌉ gradient calls, longest example first, each call padded to its own longest sequence, with the targets chosen once at the input")
    func batchingOfSteps() {
        let model = LinearTestClassifier()
        let sequences: [[Int32]] = [[1, 2, 3], [4], [5, 6, 7, 8, 9]]
        let logits = model.logits(model.batch(sequences))
        let predicted = (0..<3).map { row in (0..<3).max { logits[row, $0] < logits[row, $1] }! }
        let maps = IntegratedGradients(steps: 10, internalBatchSize: 8).attribute(model: model, batch: model.batch(sequences),
                                                                                  targets: .prediction, labels: nil)
        #expect(maps.map(\.target) == predicted)
        #expect(model.gradientCalls.map(\.sequenceCount) == [8, 8, 8, 6])
        // Pairs are example-major, longest first (example 2 of length 5, then 0 of length 3, then 1
        // of length 1), ten steps each: calls hold 2×8; 2×2 + 0×6; 0×4 + 1×4; 1×6.
        #expect(model.gradientCalls.map(\.sequenceLength) == [5, 5, 3, 1])
        #expect(model.gradientCalls.flatMap(\.targets) == [2, 0, 1].flatMap { Array(repeating: predicted[$0], count: 10) })
    }

    /// IG with a few nodes is Σ_k w_k ∇f(γ_k) · (e_i − b_i); each term is checked by a central
    /// difference (step 1e-6) of an independent Double evaluation of the CNN along e_i − b_i at
    /// the same path point γ_k. (Float differences of the model itself are unusable here: near
    /// the baseline, where all windows look alike, max-pooling kinks lie within 1e-2.)
    @Test("per-token IG scores match finite differences of the target logit along e_i − b_i at the quadrature nodes",
          arguments: [IntegrationBaseline.zero, .token(23)])
    func finiteDifferences(baseline: IntegrationBaseline) {
        let model = integrationTestModel()
        let reference = DoubleKimCNN(model)
        let method = IntegratedGradients(steps: 6, quadrature: .gaussLegendre, baseline: baseline)
        let maps = method.attribute(model: model, batch: model.batch(integrationSequences), targets: .label, labels: integrationLabels)
        let (alphas, weights) = QuadratureRule.gaussLegendre.nodesAndWeights(count: 6)
        var worst = 0.0
        for (index, sequence) in integrationSequences.enumerated() {
            let input = sequence.map { token in (0..<6).map { Double(model.embeddingTable[Int(token), $0]) } }
            let start: [[Double]]
            switch baseline {
            case .zero: start = input.map { _ in [Double](repeating: 0, count: 6) }
            case .token(let id): start = input.map { _ in (0..<6).map { Double(model.embeddingTable[Int(id), $0]) } }
            }
            for position in sequence.indices {
                let direction = (0..<6).map { input[position][$0] - start[position][$0] }
                var expected = 0.0
                for (alpha, weight) in zip(alphas, weights) {
                    let path = zip(input, start).map { row, origin in (0..<6).map { origin[$0] + alpha * (row[$0] - origin[$0]) } }
                    expected += weight * reference.directionalDerivative(path, position: position, direction: direction, target: integrationLabels[index])
                }
                worst = max(worst, abs(Double(maps[index].scores[position]) - expected) / max(abs(expected), 1e-3))
            }
        }
        print("IG (\(baseline)) against finite differences: worst relative error \(worst)")
        #expect(worst < 1e-4)
    }

    /// The CNN is piecewise linear, so the integrand along the path is piecewise constant and
    /// every quadrature converges only as 1/n (each jump costs about its size times the local
    /// node spacing); on this tiny model single examples still have |δ| / |Δf| up to 2e-2 at
    /// 400 nodes. The bounds are on the total over the examples.
    @Test("the completeness gap shrinks with the steps: below 5e-3 of Σ|f(x) − f(b)| at 400 Gauss–Legendre steps, 1e-3 at 2000",
          arguments: [IntegrationBaseline.zero, .token(0)])
    func completeness(baseline: IntegrationBaseline) {
        let model = integrationTestModel()
        var totals: [Double] = []
        for steps in [50, 400, 2000] {
            let maps = IntegratedGradients(steps: steps, baseline: baseline).attribute(model: model, batch: model.batch(integrationSequences),
                                                                                       targets: .prediction, labels: nil)
            var gap = 0.0, change = 0.0
            for map in maps {
                let difference = Double(map.targetLogit) - Double(map.baselineLogit!)
                #expect(abs(Double(map.scores.reduce(0, +)) - difference - Double(map.delta!)) <= 1e-5)
                gap += abs(Double(map.delta!))
                change += abs(difference)
            }
            totals.append(gap / change)
        }
        print("IG (\(baseline)) Σ|δ| / Σ|Δf| at 50, 400, 2000 steps: \(totals)")
        #expect(totals[1] < 5e-3 && totals[2] < 1e-3)
        #expect(totals[2] < totals[0] / 10)
    }

    @Test("an example alone and inside a longer batch gets the same map, whatever internalBatchSize")
    func paddingAndInternalBatches() {
        let model = integrationTestModel()
        let reference = IntegratedGradients(steps: 12, baseline: .token(0)).attribute(model: model, batch: model.batch(integrationSequences),
                                                                                    targets: .prediction, labels: nil)
        for internalBatchSize in [1, 5, 7, 72, 10_000] {
            let method = IntegratedGradients(steps: 12, baseline: .token(0), internalBatchSize: internalBatchSize)
            let maps = method.attribute(model: model, batch: model.batch(integrationSequences), targets: .prediction, labels: nil)
            for (map, expected) in zip(maps, reference) {
                #expect(map.target == expected.target && approximatelyEqual(map.scores, expected.scores))
                #expect(approximatelyEqual([map.delta!, map.baselineLogit!], [expected.delta!, expected.baselineLogit!]))
            }
        }
        for (index, sequence) in integrationSequences.enumerated() {
            let alone = IntegratedGradients(steps: 12, baseline: .token(0), internalBatchSize: 5)
                .attribute(model: model, batch: model.batch([sequence]), targets: .prediction, labels: nil)[0]
            #expect(alone.tokenIDs == sequence && alone.target == reference[index].target)
            #expect(approximatelyEqual(alone.scores, reference[index].scores))
            #expect(approximatelyEqual([alone.targetLogit, alone.baselineLogit!, alone.probability],
                                       [reference[index].targetLogit, reference[index].baselineLogit!, reference[index].probability]))
        }
    }

    @Test("one right-Riemann step from the zero baseline is Grad×Input")
    func oneStepIsGradientTimesInput() {
        let model = integrationTestModel()
        let batch = model.batch(integrationSequences)
        let integrated = IntegratedGradients(steps: 1, quadrature: .riemannRight).attribute(model: model, batch: batch, targets: .label, labels: integrationLabels)
        let product = GradientTimesInput().attribute(model: model, batch: batch, targets: .label, labels: integrationLabels)
        for (left, right) in zip(integrated, product) {
            #expect(left.target == right.target && left.prediction == right.prediction)
            #expect(approximatelyEqual(left.scores, right.scores))
        }
    }

    @Test("the recipe records steps, quadrature and baseline; sum normalisation keeps δ of the raw scores")
    func recipeAndNormalization() {
        let method = IntegratedGradients(steps: 20, quadrature: .trapezoid, baseline: .token(103), baselineName: "mask", normalization: "sum")
        #expect(method.recipe(target: "label", modelFingerprint: "abc")
            == SalienceRecipe(method: "ig", target: "label", steps: 20, quadrature: "trapezoid", baseline: "mask", normalization: "sum", modelFingerprint: "abc"))
        #expect(IntegratedGradients().recipe(target: "prediction", modelFingerprint: "x")
            == SalienceRecipe(method: "ig", target: "prediction", steps: 50, quadrature: "gauss-legendre", baseline: "zero", normalization: "none", modelFingerprint: "x"))
        #expect(IntegratedGradients(baseline: .token(7)).baselineName == "token-7")
        let model = integrationTestModel()
        let batch = model.batch(integrationSequences)
        let raw = IntegratedGradients(steps: 8).attribute(model: model, batch: batch, targets: .prediction, labels: nil)
        let normalized = IntegratedGradients(steps: 8, normalization: "sum").attribute(model: model, batch: batch, targets: .prediction, labels: nil)
        for (rawMap, map) in zip(raw, normalized) {
            let total = rawMap.scores.reduce(0, +)
            #expect(approximatelyEqual(map.scores, rawMap.scores.map { $0 / total }, tolerance: 1e-4))
            #expect(map.delta == rawMap.delta)
        }
        #expect(IntegratedGradients().attribute(model: model, batch: model.batch([]), targets: .prediction, labels: nil).isEmpty)
    }
}
