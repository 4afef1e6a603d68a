/// One JSON value of an imported line, as parsed by `JSONDecoder` (integers kept exact).
package indirect enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    /// A number beyond the range of `Double` (e.g. 1e400).
    case unrepresentableNumber

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        // Order matters: JSON booleans are not numbers here, and integers are tried before doubles.
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int64.self) { self = .integer(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        if let value = try? container.decode([String: JSONValue].self) { self = .object(value); return }
        // The parser accepted the line, so the only value left is a number too large for Double.
        self = .unrepresentableNumber
    }

    /// The value as a number, if it is one.
    package var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .unrepresentableNumber: .infinity
        default: nil
        }
    }

    /// A string, or an integer written in decimal (ids and class names like 0 / 1).
    package var stringOrInteger: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// A scalar as metadata text: strings as they are, numbers and booleans written out; nil for null, lists and objects.
    package var scalarText: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    /// A short description of the value for error messages.
    package var summary: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): "\"\(value.count > 20 ? value.prefix(20) + "…" : Substring(value))\""
        case .array: "a list"
        case .object: "an object"
        case .unrepresentableNumber: "a number beyond 1e308"
        }
    }
}
