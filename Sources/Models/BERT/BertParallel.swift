import LinearAlgebra

/// Worker threads for the BERT encoder's element-wise and attention loops: the active processor count, at most 8.
let bertWorkerCount = min(ParallelFor.processorCount, 8)

/// Calls `body` on contiguous ranges (up to four per worker, for balance when the machine is busy)
/// that together cover `0..<count`, in parallel when there are several workers and at least
/// `minimumChunk` items per range (`ParallelFor`). Every item must be independent of the others
/// (each writes only its own outputs), so the result never depends on the split.
/// - Complexity: the cost of `body` over all items, divided across `bertWorkerCount` threads.
func bertParallelRanges(_ count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let chunkCount = min(4 * bertWorkerCount, max(1, count / max(minimumChunk, 1)))
    ParallelFor.forEachRange(itemCount: count, chunkCount: chunkCount, body)
}
