/// How many sequences one model call of a perturbation method gets (Integrated Gradients'
/// path steps, occlusion's variants).
///
/// Larger calls gain nothing in the products (a few hundred rows already keep the cores busy),
/// while their activations leave the cache and, above glibc's 32 MiB, are mapped afresh and
/// page-faulted on every call: occlusion of 512 CNN sequences per call spent 20% of its
/// processor time in the kernel (1.5 million minor faults over the 1,281 demo test examples).
public enum ModelCallBudget {
    /// The most embedded values (sequences × sequence length × d) one call gets: 4 MiB of Floats.
    public static let valueCount = 1 << 20

    /// `internalBatchSize`, capped so a call of sequences of `blockCount` values each stays within
    /// `valueCount` (at least one sequence).
    public static func sequencesPerCall(internalBatchSize: Int, blockCount: Int) -> Int {
        max(1, min(internalBatchSize, valueCount / max(blockCount, 1)))
    }
}
