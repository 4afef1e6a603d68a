import Foundation

/// A lazily computed weights fingerprint, thread-safe, forgotten when the weights change.
final class FingerprintCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: String?

    /// The cached fingerprint, or `compute()`'s result, cached.
    func value(_ compute: () -> String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let computed = compute()
        cached = computed
        return computed
    }

    /// Forgets the cached value (call after the weights change).
    func reset() {
        lock.lock()
        cached = nil
        lock.unlock()
    }
}
