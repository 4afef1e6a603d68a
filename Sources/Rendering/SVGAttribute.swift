/// One attribute of an SVG (or HTML) element: a name and its unescaped value.
public struct SVGAttribute: Sendable, Hashable {
    /// The attribute name, e.g. `fill` or `data-id` (letters, digits, `-`, `_`, `:` only).
    public let name: String
    /// The value before escaping.
    public let value: String

    /// An attribute with a text value (escaped when written).
    public init(_ name: String, _ value: String) {
        precondition(SVGAttribute.isValidName(name), "SVGAttribute: '\(name)' is not a valid attribute name")
        self.name = name
        self.value = value
    }

    /// An attribute with a number written by `NumberFormatting.decimal(_:decimals:)`.
    public init(_ name: String, _ number: Double, decimals: Int = 2) {
        self.init(name, NumberFormatting.decimal(number, decimals: decimals))
    }

    /// Whether `name` is a safe attribute or element name: starts with a letter, then letters,
    /// digits, `-`, `_`, `:` or `.`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first) else { return false }
        return name.utf8.allSatisfy { byte in
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
                || byte == 0x3A || byte == 0x2E
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
