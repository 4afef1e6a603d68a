import Testing
@testable import Attribution

@Suite("Integrated Gradients sizes its gradient calls to the cache")
struct IntegratedGradientsBlockingTests {
    /// 2²⁰ path values per call: a CNN batch padded to 64 tokens of d = 300 takes 19,200 values per
    /// sequence, so 54 sequences (1,048,576 / 19,200 = 54.6); short sequences keep the caller's
    /// internal batch size; a sequence larger than the budget still goes alone.
    @Test("Sequences per call: the internal batch size, capped at 2^20 path values, at least one")
    func sequencesPerCall() {
        let method = IntegratedGradients(steps: 50, internalBatchSize: 512)
        #expect(IntegratedGradients.pathValueBudget == 1_048_576)
        #expect(method.sequencesPerCall(blockCount: 64 * 300) == 54)
        #expect(method.sequencesPerCall(blockCount: 64 * 384) == 42)
        #expect(method.sequencesPerCall(blockCount: 2048) == 512)
        #expect(method.sequencesPerCall(blockCount: 3 << 20) == 1)
        #expect(IntegratedGradients(internalBatchSize: 8).sequencesPerCall(blockCount: 64 * 300) == 8)
    }
}
