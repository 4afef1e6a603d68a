import Foundation
import Testing
@testable import LinearAlgebra

@Suite("The allocator keeps freed memory")
struct AllocatorTuningTests {
    #if canImport(Glibc)
    /// Minor page faults of the calling thread so far (`RUSAGE_THREAD`, so tests running beside this one do not count).
    private func threadMinorFaults() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage) // RUSAGE_THREAD (Linux), which Glibc's module does not export
        return usage.ru_minflt
    }
    #endif

    /// Twenty rounds of four 8 MiB blocks alive at once, every page written, freed in reverse: the
    /// shape of a BERT pass's temporaries. glibc's defaults map the first round afresh and, once
    /// its threshold has risen, give the 32 MiB freed at the top of the heap back to the kernel
    /// (more than twice the largest block), so every round faults all 8,192 pages again (163,267
    /// faults when the same loop runs through Python's ctypes without the settings, 8,191 with
    /// them). Inside the test runner the thread may share its malloc arena with other tests'
    /// threads, whose blocks move ours around (26,626 faults seen once), hence the bound of a
    /// third of the rounds, still three times below the defaults.
    @Test("Freed blocks are reused: twenty rounds of 32 MiB fault in fewer pages than a third of the rounds")
    func freedBlocksAreReused() throws {
        #if canImport(Glibc)
        AllocatorTuning.applyOnce()
        try #require(AllocatorTuning.isApplied, "glibc refused the settings, or the environment set its own")
        let blockBytes = 8 << 20, blocksAlive = 4, roundCount = 20
        let pagesPerRound = blocksAlive * blockBytes / 4096
        let before = threadMinorFaults()
        for round in 0..<roundCount {
            let blocks = (0..<blocksAlive).map { _ in UnsafeMutableRawPointer.allocate(byteCount: blockBytes, alignment: 64) }
            for block in blocks { memset(block, Int32(round + 1), blockBytes) }
            for block in blocks.reversed() { block.deallocate() }
        }
        let faults = threadMinorFaults() - before
        #expect(faults < roundCount * pagesPerRound / 3, "\(faults) minor faults in \(roundCount) rounds of \(pagesPerRound) pages")
        #endif
    }
}
