import Foundation

/// JSON encoding of values stored in text columns.
package enum JSON {
    /// The JSON text of `value`, keys sorted so equal values give equal text.
    package static func string<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain arrays, dictionaries and Codable records cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    /// The value encoded in `text`.
    package static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
