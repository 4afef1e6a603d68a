/// A stable 64-bit FNV-1a digest, used to key cached results by everything that affects them.
public struct Digest: Sendable {
    private var state: UInt64 = 0xCBF2_9CE4_8422_2325

    /// An empty digest.
    public init() {}

    /// Mixes in raw bytes.
    /// - Complexity: O(byteCount).
    public mutating func update(bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
    }

    /// Mixes in a string's UTF-8 bytes followed by a separator.
    public mutating func update(_ string: String) {
        var copy = string
        copy.withUTF8 { update(bytes: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0x1F)) { update(bytes: $0) }
    }

    /// The digest as 16 lowercase hex digits.
    public var hex: String {
        let text = String(state, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// The hex digest of a list of strings.
    public static func hex(of parts: [String]) -> String {
        var digest = Digest()
        for part in parts { digest.update(part) }
        return digest.hex
    }
}
