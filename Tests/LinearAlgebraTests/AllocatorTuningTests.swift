import Foundation
import Testing
@testable import LinearAlgebra

@Suite("The allocator keeps freed memory")
struct AllocatorTuningTests {
    /// glibc marks a block it mapped afresh with bit 0x2 (`IS_MMAPPED`) of the size word just
    /// before the block. Untuned, a 16 MiB block is mapped (the threshold starts at 128 KiB and
    /// rises only to the largest mapped block freed so far) and `free` unmaps it again, so the
    /// next pass page-faults its pages anew: 163,267 faults in twenty rounds of four 8 MiB
    /// blocks through Python's ctypes without the settings, 8,191 with them. Tuned, blocks up
    /// to 32 MiB come from the heap. (A larger block is mapped only when the heap has no room
    /// for it, so it makes no reliable control.) Counting this thread's faults inside the test runner proved unreliable
    /// (threads share malloc arenas and glibc drops a secondary heap whenever it empties), so
    /// the test checks the mechanism; `salience-bench bert` measures the effect (docs/ARCHITECTURE.md).
    @Test("Blocks up to 32 MiB come from the heap, not from fresh mappings")
    func blocksComeFromTheHeap() throws {
        #if canImport(Glibc)
        AllocatorTuning.applyOnce()
        try #require(AllocatorTuning.isApplied, "glibc refused the settings, or the environment set its own")
        func isMapped(byteCount: Int) -> Bool {
            let block = malloc(byteCount)!
            defer { free(block) }
            memset(block, 1, 4096)
            return block.load(fromByteOffset: -MemoryLayout<Int>.size, as: UInt.self) & 0x2 != 0
        }
        for megabytes in [1, 8, 16, 30] {
            #expect(!isMapped(byteCount: megabytes << 20), "a \(megabytes) MiB block was mapped afresh")
        }
        #endif
    }
}
