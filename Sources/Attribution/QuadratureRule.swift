/// How Integrated Gradients approximates its path integral `∫₀¹ g(α) dα` by `Σ_k w_k g(α_k)`
/// (docs/METHOD.md §4.4). The names are those of `--quadrature`.
///
/// Conventions follow Captum's `captum/attr/_utils/approximation_methods.py`: Gauss–Legendre
/// maps the nodes `x` and weights `w` of [-1, 1] to `α = (1 + x) / 2` and `w / 2`; the Riemann
/// rules use `n` equal cells of width `1/n`, evaluated at their left ends, right ends or
/// midpoints. One deliberate difference: Captum's trapezoid puts its `n` nodes at
/// `linspace(0, 1, n)` but gives them weights `1/n` (halved at the ends), which sum to
/// `1 − 1/n`; here the trapezoid rule is the true composite rule on that grid (spacing
/// `1/(n − 1)`), whose weights sum to 1, so completeness holds for linear models.
public enum QuadratureRule: String, CaseIterable, Sendable, Codable {
    /// Gauss–Legendre (the default, as in Captum): exact for polynomials of degree ≤ 2n − 1.
    case gaussLegendre = "gauss-legendre"
    /// The composite trapezoid rule on `n` equally spaced nodes including 0 and 1 (n ≥ 2); error O(1/n²).
    case trapezoid
    /// Left Riemann sum, nodes `k/n`; error O(1/n).
    case riemannLeft = "riemann-left"
    /// Right Riemann sum, nodes `(k + 1)/n`; error O(1/n).
    case riemannRight = "riemann-right"
    /// Midpoint rule, nodes `(k + ½)/n`; error O(1/n²).
    case riemannMiddle = "riemann-middle"

    /// The fewest nodes the rule accepts: 2 for the trapezoid rule, otherwise 1.
    public var minimumCount: Int { self == .trapezoid ? 2 : 1 }

    /// The `count` nodes `α_k` in [0, 1] (ascending) and weights `w_k` (summing to 1) of this rule.
    /// - Complexity: O(count²) for Gauss–Legendre, O(count) otherwise.
    public func nodesAndWeights(count: Int) -> (nodes: [Double], weights: [Double]) {
        precondition(count >= minimumCount, "The \(rawValue) rule needs at least \(minimumCount) nodes, got \(count)")
        let cellWidth = 1 / Double(count)
        switch self {
        case .gaussLegendre:
            let rule = GaussLegendre.rule(count: count)
            return (rule.nodes.map { (1 + $0) / 2 }, rule.weights.map { $0 / 2 })
        case .trapezoid:
            let spacing = 1 / Double(count - 1)
            var weights = [Double](repeating: spacing, count: count)
            weights[0] = spacing / 2
            weights[count - 1] = spacing / 2
            return ((0..<count).map { Double($0) / Double(count - 1) }, weights)
        case .riemannLeft:
            return ((0..<count).map { Double($0) / Double(count) }, [Double](repeating: cellWidth, count: count))
        case .riemannRight:
            return ((0..<count).map { Double($0 + 1) / Double(count) }, [Double](repeating: cellWidth, count: count))
        case .riemannMiddle:
            return ((0..<count).map { (Double($0) + 0.5) / Double(count) }, [Double](repeating: cellWidth, count: count))
        }
    }
}
