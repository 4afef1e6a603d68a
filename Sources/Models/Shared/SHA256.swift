import Crypto
import Foundation

/// SHA-256 of a model's configuration and weights, as the fingerprint's 64 lowercase hex digits;
/// the digest itself is swift-crypto's (`Crypto.SHA256`), this type only feeds it the model's bytes.
struct SHA256 {
    private var hasher = Crypto.SHA256()

    init() {}

    /// Appends bytes to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// Appends the bytes of an array of trivial values (in memory order, little-endian here).
    mutating func update<Element>(_ values: [Element]) {
        values.withUnsafeBytes { update($0) }
    }

    /// Appends the UTF-8 bytes of a string.
    mutating func update(_ text: String) {
        update(Array(text.utf8))
    }

    /// The digest as 64 lowercase hex digits.
    mutating func finalizeHex() -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
