import Foundation

/// The weights fingerprint every classifier uses: SHA-256 over an architecture line, the
/// configuration as sorted-key JSON, then each tensor's name and shape line and its F32
/// little-endian bytes, in the given order; lower-case hex.
enum ModelFingerprint {
    /// The hex digest of `architecture`, `configuration` and `tensors` (name, shape, values) in order.
    /// - Complexity: O(total tensor values).
    static func hex(architecture: String, configuration: some Encodable,
                    tensors: [(name: String, shape: [Int], values: [Float])]) -> String {
        var hasher = SHA256()
        hasher.update("\(architecture)\n")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hasher.update(Array((try? encoder.encode(configuration)) ?? Data()))
        for tensor in tensors {
            hasher.update("\n\(tensor.name) \(tensor.shape)\n")
            #if _endian(little)
            hasher.update(tensor.values)
            #else
            hasher.update(tensor.values.map { $0.bitPattern.littleEndian })
            #endif
        }
        return hasher.finalizeHex()
    }
}
