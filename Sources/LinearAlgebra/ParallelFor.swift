import Dispatch
import Foundation

/// Fork-join loops over the cores, the one helper behind the k-means restarts, the neighbour
/// search, t-SNE, trustworthiness and the BERT encoder.
///
/// Each call returns only after every iteration is done. Iterations must be independent: each
/// writes only its own outputs (through a `SharedMutablePointer` to a disjoint part of one
/// buffer, say), and any reduction over chunks is summed afterwards in chunk order, so results
/// never depend on the number of cores or on scheduling.
public enum ParallelFor {
    /// The active processor count.
    public static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body(index)` for every index in `0..<iterationCount`, concurrently when there are several.
    /// - Complexity: the cost of `body` over all indices, divided across the cores.
    public static func perform(iterationCount: Int, _ body: (Int) -> Void) {
        guard iterationCount > 0 else { return }
        if iterationCount == 1 {
            body(0)
            return
        }
        // The call returns only after every iteration is done and the iterations write disjoint
        // outputs, so handing the non-Sendable closure (which may capture raw pointers) to the
        // worker threads is safe.
        RegionCounter.shared.enter()
        defer { RegionCounter.shared.leave() }
        withoutActuallyEscaping(body) { escapable in
            let shared = SharedBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: iterationCount) { shared.body($0) }
        }
    }

    /// Whether a parallel region (a `perform` with several iterations) is running anywhere in
    /// the process; products inside one run on their caller's thread (`BLASThreads`).
    public static var isInsideRegion: Bool { RegionCounter.shared.isActive }

    /// Calls `body(range)` on consecutive ranges of at most `chunkSize` items that cover
    /// `0..<itemCount`, concurrently when there are several.
    public static func forEachRange(itemCount: Int, chunkSize: Int, _ body: (Range<Int>) -> Void) {
        guard itemCount > 0 else { return }
        let size = max(1, chunkSize)
        perform(iterationCount: (itemCount + size - 1) / size) { chunk in
            body((chunk * size)..<min(itemCount, (chunk + 1) * size))
        }
    }

    /// Calls `body(range)` on `chunkCount` consecutive ranges of near-equal length that cover
    /// `0..<itemCount` (fewer when there are fewer items), concurrently when there are several.
    public static func forEachRange(itemCount: Int, chunkCount: Int, _ body: (Range<Int>) -> Void) {
        guard itemCount > 0 else { return }
        let count = min(max(1, chunkCount), itemCount)
        perform(iterationCount: count) { chunk in
            body((chunk * itemCount / count)..<((chunk + 1) * itemCount / count))
        }
    }

    /// The sum of `body(range)` over consecutive ranges of at most `chunkSize` items covering
    /// `0..<itemCount`: the ranges run concurrently, their results are added in range order.
    public static func sum(itemCount: Int, chunkSize: Int, _ body: (Range<Int>) -> Double) -> Double {
        guard itemCount > 0 else { return 0 }
        let size = max(1, chunkSize)
        var partialSums = [Double](repeating: 0, count: (itemCount + size - 1) / size)
        partialSums.withUnsafeMutableBufferPointer { buffer in
            let partial = SharedMutablePointer(buffer)
            forEachRange(itemCount: itemCount, chunkSize: size) { range in partial[range.lowerBound / size] = body(range) }
        }
        return partialSums.reduce(0, +)
    }
}

/// How many parallel regions are running.
private final class RegionCounter: @unchecked Sendable {
    static let shared = RegionCounter()
    private let lock = NSLock()
    private var count = 0

    func enter() { lock.lock(); count += 1; lock.unlock() }
    func leave() { lock.lock(); count -= 1; lock.unlock() }
    var isActive: Bool { lock.lock(); defer { lock.unlock() }; return count > 0 }
}

/// A loop body shared with `concurrentPerform`'s threads for the duration of one call.
private struct SharedBody: @unchecked Sendable {
    let body: (Int) -> Void
}

/// A raw mutable pointer handed to concurrent iterations that write disjoint parts of one buffer.
public struct SharedMutablePointer<Element>: @unchecked Sendable {
    /// The first element.
    public let base: UnsafeMutablePointer<Element>

    /// Wraps a pointer.
    public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }

    /// The pointer of a buffer that must be non-empty.
    public init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        precondition(buffer.baseAddress != nil, "A shared pointer needs a non-empty buffer")
        base = buffer.baseAddress!
    }

    /// The element at `index`; each index is written by one iteration at most.
    @inline(__always)
    public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}

extension SharedMutablePointer {
    /// Calls `body` with shared pointers to the elements of two non-empty arrays (an x and a y part, say).
    public static func pair<Result>(_ first: inout [Element], _ second: inout [Element],
                                    _ body: (SharedMutablePointer, SharedMutablePointer) -> Result) -> Result {
        first.withUnsafeMutableBufferPointer { first in
            second.withUnsafeMutableBufferPointer { second in
                body(SharedMutablePointer(first), SharedMutablePointer(second))
            }
        }
    }
}
