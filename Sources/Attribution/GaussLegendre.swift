import Foundation

/// Gauss–Legendre quadrature on [-1, 1]: the `n` nodes are the roots of the Legendre
/// polynomial `P_n`, and the rule integrates every polynomial of degree ≤ 2n − 1 exactly.
///
/// Nodes and weights are computed, not tabulated: Newton's method on `P_n`, evaluated with the
/// three-term recurrence `(j + 1) P_{j+1}(x) = (2j + 1) x P_j(x) − j P_{j−1}(x)`, from the
/// classical cosine guesses; the weight of root `x` is `2 / ((1 − x²) P_n′(x)²)`.
public enum GaussLegendre {
    /// The `count` nodes on [-1, 1] in ascending order and their weights (summing to 2), in
    /// Double, each node to within a few units in the last place.
    /// - Complexity: O(count²): a handful of Newton steps per root, each O(count).
    public static func rule(count: Int) -> (nodes: [Double], weights: [Double]) {
        precondition(count >= 1, "A Gauss–Legendre rule needs at least one node, got \(count)")
        var nodes = [Double](repeating: 0, count: count)
        var weights = [Double](repeating: 0, count: count)
        let degree = Double(count)
        // Roots come in ± pairs; find the non-negative ones, largest first, and mirror them.
        for root in 0..<((count + 1) / 2) {
            var x = cos(Double.pi * (Double(root) + 0.75) / (degree + 0.5))
            for _ in 0..<100 {
                let (value, slope) = legendre(degree: count, at: x)
                let step = value / slope
                x -= step
                if abs(step) <= 1e-15 { break }
            }
            if 2 * root + 1 == count { x = 0 }  // the middle root of an odd rule is exactly 0
            let slope = legendre(degree: count, at: x).derivative
            let weight = 2 / ((1 - x * x) * slope * slope)
            nodes[count - 1 - root] = x
            weights[count - 1 - root] = weight
            nodes[root] = -x
            weights[root] = weight
        }
        return (nodes, weights)
    }

    /// `P_degree(x)` and `P_degree′(x)` for |x| < 1, by the three-term recurrence.
    /// - Complexity: O(degree).
    static func legendre(degree: Int, at x: Double) -> (value: Double, derivative: Double) {
        var previous = 1.0, current = x
        if degree == 0 { return (1, 0) }
        for order in 1..<degree {
            let j = Double(order)
            let next = ((2 * j + 1) * x * current - j * previous) / (j + 1)
            previous = current
            current = next
        }
        // (x² − 1) P_n′(x) = n (x P_n(x) − P_{n−1}(x)).
        let derivative = Double(degree) * (x * current - previous) / (x * x - 1)
        return (current, derivative)
    }
}
