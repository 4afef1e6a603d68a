/// A fixed-size, zero-initialised block of `Float`s owned by a class, so the forward and
/// backward passes of `BertClassifier` can hand raw pointers between kernels without nesting
/// `withUnsafeBufferPointer` closures. Never shared between passes.
final class BertBuffer: @unchecked Sendable {
    /// The first element; valid for `count` elements while the buffer lives.
    let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    let count: Int

    /// `count` zeros.
    init(count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { pointer.deallocate() }

    /// A copy of the elements.
    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Sets every element to zero.
    func zero() { pointer.update(repeating: 0, count: count) }
}
