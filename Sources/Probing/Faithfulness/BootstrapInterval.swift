import LinearAlgebra

/// Percentile bootstrap intervals of a mean over examples, every statistic resampled with the
/// same seeded draws (so methods are compared on identical resamples).
public struct BootstrapResamples: Sendable {
    /// The example indices of each resample, `[resampleCount][exampleCount]`.
    public let indices: [[Int]]

    /// `resampleCount` resamples of `exampleCount` examples with replacement.
    /// - Complexity: O(resampleCount × exampleCount).
    public init(exampleCount: Int, resampleCount: Int, seed: UInt64) {
        var generator = SplitMix64(seed: seed ^ 0xB007_5742_AB1E_0001)
        indices = (0..<resampleCount).map { _ in
            (0..<exampleCount).map { _ in min(Int(generator.nextUnitDouble() * Double(exampleCount)), exampleCount - 1) }
        }
    }

    /// The 2.5 % and 97.5 % percentiles of the resampled means of `values` (linear interpolation
    /// between order statistics, as NumPy's default); the mean itself twice when there are no resamples.
    /// - Complexity: O(resampleCount × exampleCount).
    public func interval(_ values: [Double]) -> (low: Double, high: Double) {
        let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        guard !indices.isEmpty, !values.isEmpty else { return (mean, mean) }
        let means = indices.map { sample in sample.reduce(0.0) { $0 + values[$1] } / Double(sample.count) }.sorted()
        func percentile(_ q: Double) -> Double {
            let position = q * Double(means.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, means.count - 1)
            return means[lower] + (means[upper] - means[lower]) * (position - Double(lower))
        }
        return (percentile(0.025), percentile(0.975))
    }
}
