/// A learning rate that rises linearly from 0 over the warm-up steps, then falls linearly to 0
/// at the last step (the schedule Hugging Face calls `linear` with warm-up).
public struct LinearWarmupSchedule: Sendable, Equatable {
    /// The peak learning rate, reached at the end of the warm-up.
    public var peakLearningRate: Float
    /// Steps of the rise.
    public var warmupStepCount: Int
    /// Steps in all; the rate reaches 0 after the last.
    public var totalStepCount: Int

    /// A schedule of `totalStepCount` steps whose first `warmupStepCount` rise to `peakLearningRate`.
    public init(peakLearningRate: Float, warmupStepCount: Int, totalStepCount: Int) {
        precondition(totalStepCount > 0 && warmupStepCount >= 0 && warmupStepCount <= totalStepCount,
                     "A schedule needs 0 ≤ warm-up (\(warmupStepCount)) ≤ total (\(totalStepCount)) steps and at least one step")
        self.peakLearningRate = peakLearningRate
        self.warmupStepCount = warmupStepCount
        self.totalStepCount = totalStepCount
    }

    /// The learning rate of 1-based step `step`.
    public func learningRate(step: Int) -> Float {
        if step <= warmupStepCount { return peakLearningRate * Float(step) / Float(max(warmupStepCount, 1)) }
        let remaining = Float(max(totalStepCount - step, 0)) / Float(max(totalStepCount - warmupStepCount, 1))
        return peakLearningRate * remaining
    }
}
