import Foundation
import LinearAlgebra

/// A fixed-size, zero-initialised block of `Float`s owned by a class, so the forward and
/// backward passes of `BertClassifier` can hand raw pointers between kernels without nesting
/// `withUnsafeBufferPointer` closures. Never shared between passes.
///
/// Where glibc's allocator keeps freed memory (`AllocatorTuning`, the usual case on Linux) blocks
/// up to its 32 MiB limit come from and go back to it: it reuses a freed block of any size, so
/// repeated passes do not pay for fresh pages. Larger blocks, and every large block elsewhere,
/// are recycled through `BertBufferCache` (exact sizes only) instead of going back to the system.
final class BertBuffer: @unchecked Sendable {
    /// The first element; valid for `count` elements while the buffer lives.
    let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    let count: Int

    /// `count` zeros.
    init(count: Int) {
        self.count = count
        let capacity = max(count, 1)
        if !Self.fitsTunedHeap(capacity), let recycled = BertBufferCache.shared.take(capacity: capacity) {
            pointer = recycled
        } else {
            pointer = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        }
        pointer.initialize(repeating: 0, count: capacity)
    }

    deinit {
        if Self.fitsTunedHeap(max(count, 1)) || !BertBufferCache.shared.give(pointer, capacity: max(count, 1)) { pointer.deallocate() }
    }

    /// Whether a block of `capacity` floats is left to glibc's tuned heap rather than the cache.
    private static func fitsTunedHeap(_ capacity: Int) -> Bool {
        AllocatorTuning.applyOnce()
        return AllocatorTuning.isApplied && capacity * MemoryLayout<Float>.stride <= Int(AllocatorTuning.mmapThreshold)
    }

    /// A copy of the elements.
    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Sets every element to zero.
    func zero() { pointer.update(repeating: 0, count: count) }
}

/// Freed `BertBuffer` blocks of at least `minimumCapacity` floats, keyed by exact capacity, up to
/// `maximumCachedFloats` floats in all (beyond that, blocks go back to the system).
final class BertBufferCache: @unchecked Sendable {
    /// The process-wide cache.
    static let shared = BertBufferCache()

    let minimumCapacity = 1 << 16
    /// 64 Mi floats (256 MB).
    let maximumCachedFloats = 1 << 26
    private let lock = NSLock()
    private var blocks: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var cachedFloats = 0

    /// A cached block of exactly `capacity` floats (uninitialised contents), if any.
    func take(capacity: Int) -> UnsafeMutablePointer<Float>? {
        guard capacity >= minimumCapacity else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let block = blocks[capacity]?.popLast() else { return nil }
        cachedFloats -= capacity
        return block
    }

    /// Keeps `block` for reuse; false when it is too small or the cache is full (the caller frees it).
    func give(_ block: UnsafeMutablePointer<Float>, capacity: Int) -> Bool {
        guard capacity >= minimumCapacity else { return false }
        lock.lock()
        defer { lock.unlock() }
        guard cachedFloats + capacity <= maximumCachedFloats else { return false }
        blocks[capacity, default: []].append(block)
        cachedFloats += capacity
        return true
    }
}
