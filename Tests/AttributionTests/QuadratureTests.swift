import Foundation
import Testing
@testable import Attribution

@Suite("Quadrature rules")
struct QuadratureTests {
    @Test("Gauss–Legendre weights sum to 1 on [0, 1] and the rule integrates every polynomial of degree ≤ 2n − 1 exactly",
          arguments: [1, 2, 3, 5, 8, 17, 50, 101, 400])
    func gaussLegendreExactness(count: Int) {
        let (nodes, weights) = QuadratureRule.gaussLegendre.nodesAndWeights(count: count)
        #expect(nodes.count == count && weights.count == count)
        #expect(abs(weights.reduce(0, +) - 1) <= 1e-13)
        #expect(zip(nodes, nodes.dropFirst()).allSatisfy { $0 < $1 })
        #expect(nodes.allSatisfy { $0 > 0 && $0 < 1 } && weights.allSatisfy { $0 > 0 })
        // ∫₀¹ αᵏ dα = 1 / (k + 1); checked up to degree 2n − 1 (and at most 60, where αᵏ stays well scaled).
        var worst = 0.0
        for degree in 0...min(2 * count - 1, 60) {
            let sum = zip(nodes, weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(degree)) }
            worst = max(worst, abs(sum - 1 / Double(degree + 1)))
        }
        #expect(worst <= 1e-12, "worst polynomial error \(worst) with \(count) nodes")
        // Degree 2n is no longer exact (the rule is not magic).
        if count <= 8 {
            let sum = zip(nodes, weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * count)) }
            #expect(abs(sum - 1 / Double(2 * count + 1)) > 1e-11)
        }
    }

    @Test("Gauss–Legendre matches closed forms for n = 2 and 3 and NumPy's leggauss (2.4.6) mapped to [0, 1] for n = 5 and 50")
    func gaussLegendreKnownValues() {
        let two = QuadratureRule.gaussLegendre.nodesAndWeights(count: 2)
        #expect(abs(two.nodes[0] - (1 - 1 / 3.0.squareRoot()) / 2) <= 1e-15)
        #expect(abs(two.nodes[1] - (1 + 1 / 3.0.squareRoot()) / 2) <= 1e-15)
        #expect(two.weights == [0.5, 0.5] || two.weights.allSatisfy { abs($0 - 0.5) <= 1e-15 })
        let three = QuadratureRule.gaussLegendre.nodesAndWeights(count: 3)
        let offset = (3.0 / 5).squareRoot() / 2
        for (value, expected) in zip(three.nodes + three.weights, [0.5 - offset, 0.5, 0.5 + offset, 5.0 / 18, 8.0 / 18, 5.0 / 18]) {
            #expect(abs(value - expected) <= 1e-15)
        }
        // 0.5 * (1 + x) and 0.5 * w from numpy.polynomial.legendre.leggauss(n), as Captum maps them.
        let golden: [(count: Int, index: Int, node: Double, weight: Double)] = [
            (5, 0, 0.04691007703066802, 0.11846344252809464), (5, 1, 0.23076534494715845, 0.23931433524968315),
            (5, 2, 0.5, 0.28444444444444433), (5, 4, 0.9530899229693319, 0.11846344252809464),
            (50, 0, 0.0005667977899644905, 0.0014543112765789633), (50, 1, 0.002984015283954644, 0.003379899597872283),
            (50, 25, 0.5155491691635944, 0.031088308327673515), (50, 49, 0.9994332022100355, 0.0014543112765789633),
        ]
        for entry in golden {
            let rule = QuadratureRule.gaussLegendre.nodesAndWeights(count: entry.count)
            #expect(abs(rule.nodes[entry.index] - entry.node) <= 1e-14)
            #expect(abs(rule.weights[entry.index] - entry.weight) <= 1e-14)
        }
    }

    @Test("Riemann and trapezoid nodes and weights follow Captum's grids, with trapezoid weights that sum to 1")
    func equallySpacedRules() {
        let left = QuadratureRule.riemannLeft.nodesAndWeights(count: 4)
        #expect(left.nodes == [0, 0.25, 0.5, 0.75] && left.weights == [0.25, 0.25, 0.25, 0.25])
        #expect(QuadratureRule.riemannRight.nodesAndWeights(count: 4).nodes == [0.25, 0.5, 0.75, 1])
        #expect(QuadratureRule.riemannMiddle.nodesAndWeights(count: 4).nodes == [0.125, 0.375, 0.625, 0.875])
        let trapezoid = QuadratureRule.trapezoid.nodesAndWeights(count: 5)
        #expect(trapezoid.nodes == [0, 0.25, 0.5, 0.75, 1] && trapezoid.weights == [0.125, 0.25, 0.25, 0.25, 0.125])
        #expect(QuadratureRule.riemannRight.nodesAndWeights(count: 49).nodes.last == 1)
        #expect(QuadratureRule.trapezoid.minimumCount == 2 && QuadratureRule.riemannLeft.minimumCount == 1)
        for rule in QuadratureRule.allCases {
            for count in [rule.minimumCount, 7, 50] {
                #expect(abs(rule.nodesAndWeights(count: count).weights.reduce(0, +) - 1) <= 1e-13)
            }
        }
    }

    /// g(α) = e^{2α} sin(3α + ½), with ∫ g = e^{2α} (2 sin(3α + ½) − 3 cos(3α + ½)) / 13.
    @Test("every rule converges on a smooth integrand at its order: 1 for left/right Riemann, 2 for midpoint/trapezoid, exponentially for Gauss–Legendre")
    func convergenceRates() {
        func integrand(_ alpha: Double) -> Double { exp(2 * alpha) * sin(3 * alpha + 0.5) }
        func antiderivative(_ alpha: Double) -> Double { exp(2 * alpha) * (2 * sin(3 * alpha + 0.5) - 3 * cos(3 * alpha + 0.5)) / 13 }
        let exact = antiderivative(1) - antiderivative(0)
        func error(_ rule: QuadratureRule, _ count: Int) -> Double {
            let (nodes, weights) = rule.nodesAndWeights(count: count)
            return abs(zip(nodes, weights).reduce(0.0) { $0 + $1.1 * integrand($1.0) } - exact)
        }
        // Observed order from halving the spacing (1/n, or 1/(n − 1) for the trapezoid's n nodes).
        let expectedOrders: [QuadratureRule: Double] = [.riemannLeft: 1, .riemannRight: 1, .riemannMiddle: 2, .trapezoid: 2]
        for (rule, expected) in expectedOrders {
            let (coarse, fine) = rule == .trapezoid ? (33, 65) : (32, 64)
            let order = log2(error(rule, coarse) / error(rule, fine))
            #expect(abs(order - expected) < 0.05, "\(rule.rawValue): observed order \(order), expected \(expected)")
        }
        let gaussErrors = [2, 4, 6, 8, 10].map { error(.gaussLegendre, $0) }
        #expect(zip(gaussErrors, gaussErrors.dropFirst()).allSatisfy { $1 < $0 * 1e-2 || $1 < 1e-13 }, "\(gaussErrors)")
        #expect(gaussErrors.last! < 1e-12)
        #expect(error(.gaussLegendre, 6) < error(.riemannMiddle, 1000))
    }
}
