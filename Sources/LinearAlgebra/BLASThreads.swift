import CLinearAlgebra
import Foundation

/// One pool of threads for the whole program: OpenBLAS runs on the calling thread only, and a
/// large product is cut into blocks of rows (or columns) that `ParallelFor` runs on the cores.
///
/// OpenBLAS's own worker threads spin (`sched_yield`) for a while after every threaded call;
/// when the project's parallel loops follow, both pools want both cores and a quarter to a
/// third of the processor time went to the kernel. With one pool nothing spins.
///
/// The blocks depend on the product's shape alone, never on the core count or on whether a
/// parallel region is running (inside one, they run one after another on the caller's
/// thread). OpenBLAS's AVX2 kernels round an entry differently depending on where its row
/// falls in a block (1 vs 2 OpenBLAS threads changed 5% of the entries of a 1024×1536×384
/// product on the Zen kernel), so fixed blocks are what keeps results independent of the
/// machine: `BLASThreadsTests` checks that the blocks give the same bits concurrently and in order.
public enum BLASThreads {
    /// Products with fewer multiply-adds than this run in one OpenBLAS call.
    public static let splitThreshold = 1 << 21

    /// The most blocks a product is cut into; each block holds at least four 16-row panels.
    public static let maximumBlockCount = 8

    /// How a product is cut: along the rows of the result (else its columns), into `blockCount` blocks.
    public struct Split: Equatable, Sendable {
        public var alongRows: Bool
        public var blockCount: Int
        /// The rows (or columns) of block `block` when the cut dimension has `length` entries:
        /// whole 16-wide panels, the last block taking the remainder.
        public func range(of block: Int, length: Int) -> Range<Int> {
            let panelCount = (length + 15) / 16
            return min(length, block * panelCount / blockCount * 16)..<min(length, (block + 1) * panelCount / blockCount * 16)
        }
    }

    /// The cut of a `[m, n]` result with inner dimension `k`: the longer side of the result, in
    /// at most `maximumBlockCount` blocks of at least 64 entries; one block below `splitThreshold`.
    public static func split(m: Int, n: Int, k: Int) -> Split {
        let alongRows = m >= n
        let panelCount = ((alongRows ? m : n) + 15) / 16
        guard m * n * k >= splitThreshold else { return Split(alongRows: alongRows, blockCount: 1) }
        return Split(alongRows: alongRows, blockCount: max(1, min(maximumBlockCount, panelCount / 4)))
    }

    /// Sets OpenBLAS to one thread and tunes the allocator (`AllocatorTuning`), once; called before
    /// every product and by `BLASEnvironment.current()`.
    @inline(__always)
    public static func prepare() { _ = singleThreaded }

    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        AllocatorTuning.applyOnce()
        return true
    }()
}
