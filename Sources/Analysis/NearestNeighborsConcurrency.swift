import Dispatch

/// Work split shared by the neighbour search, PCA and t-SNE: fixed chunks over the cores.
///
/// Results never depend on the number of cores: every chunk writes only its own outputs, and
/// any reduction over chunks is summed afterwards in chunk order.
enum NeighborsConcurrency {
    /// Runs `body(chunk)` for `chunk` in `0..<chunkCount`, concurrently when there is more than one.
    static func perform(chunkCount: Int, _ body: @Sendable (Int) -> Void) {
        if chunkCount <= 0 { return }
        if chunkCount == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: chunkCount, execute: body)
    }

    /// Runs `body(range)` over consecutive ranges of at most `chunkSize` items covering `0..<itemCount`.
    static func forEachRange(itemCount: Int, chunkSize: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard itemCount > 0 else { return }
        let size = max(1, chunkSize)
        let chunkCount = (itemCount + size - 1) / size
        perform(chunkCount: chunkCount) { chunk in
            body((chunk * size)..<min(itemCount, (chunk + 1) * size))
        }
    }
}

/// A raw mutable pointer handed to concurrent chunks that write disjoint parts of one buffer.
struct NeighborsSharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>

    init(_ base: UnsafeMutablePointer<Element>) { self.base = base }

    /// The pointer from a buffer that must be non-empty.
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { base = buffer.baseAddress! }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
