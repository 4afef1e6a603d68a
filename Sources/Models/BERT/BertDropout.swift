import LinearAlgebra

/// Inverted-dropout multipliers for `count` activations: each is `1 / (1 − rate)` with probability
/// `1 − rate` and 0 otherwise, drawn in order from `generator`. Nil (no dropout) when there is no
/// generator or the rate is 0.
/// - Complexity: O(count).
func bertDropoutMultipliers(count: Int, rate: Float, generator: inout SplitMix64?) -> BertBuffer? {
    guard rate > 0, var random = generator else { return nil }
    precondition(rate < 1, "Dropout rate must be below 1, got \(rate)")
    let buffer = BertBuffer(count: count), kept = 1 / (1 - rate)
    for index in 0..<count { buffer.pointer[index] = random.nextUnitFloat() < rate ? 0 : kept }
    generator = random
    return buffer
}

/// Multiplies `values` element-wise by `multipliers` when there are any.
/// - Complexity: O(count).
func bertApplyDropout(_ multipliers: BertBuffer?, to values: UnsafeMutablePointer<Float>, count: Int) {
    guard let multipliers else { return }
    precondition(multipliers.count == count, "Dropout mask of \(multipliers.count) values for \(count) activations")
    for index in 0..<count { values[index] *= multipliers.pointer[index] }
}
