import Dispatch
import Foundation

/// Worker threads for the BERT encoder's element-wise and attention loops: the active processor count, at most 8.
let bertWorkerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

/// Calls `body` on contiguous ranges (up to four per worker, for balance when the machine is busy)
/// that together cover `0..<count`, in parallel when there are
/// several workers and at least `minimumChunk` items per range. Every item must be independent
/// of the others (each writes only its own outputs), so the result never depends on the split.
/// - Complexity: the cost of `body` over all items, divided across `bertWorkerCount` threads.
func bertParallelRanges(_ count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let chunkCount = min(4 * bertWorkerCount, max(1, count / max(minimumChunk, 1)))
    if chunkCount == 1 {
        body(0..<count)
        return
    }
    // The ranges are disjoint and the call returns only after every range is done, so handing the
    // non-Sendable closure (which captures raw pointers) to the worker threads is safe.
    withoutActuallyEscaping(body) { escapable in
        let work = BertParallelWork(body: escapable)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            work.body((chunk * count / chunkCount)..<((chunk + 1) * count / chunkCount))
        }
    }
}

/// A range body shared with `concurrentPerform`'s threads for the duration of one call.
private struct BertParallelWork: @unchecked Sendable {
    let body: (Range<Int>) -> Void
}
