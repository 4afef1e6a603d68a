/// Escaping of text for XML, SVG and HTML output.
///
/// Both functions drop characters that XML 1.0 forbids or that only confuse readers: C0
/// control characters other than tab, line feed and carriage return, DEL and the C1 controls
/// (U+007F–U+009F), and the non-characters U+FFFE and U+FFFF.
public enum MarkupEscaping {
    /// `text` safe as element content: `&`, `<` and `>` become entity references.
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    public static func escapeText(_ text: String) -> String {
        var output = ""
        appendText(text, to: &output)
        return output
    }

    /// `value` safe inside a double- or single-quoted attribute; tab and line breaks become
    /// character references so that XML attribute normalisation keeps them.
    /// - Complexity: O(n) in the UTF-8 length of `value`.
    public static func escapeAttribute(_ value: String) -> String {
        var output = ""
        appendAttribute(value, to: &output)
        return output
    }

    /// Appends `text` escaped as element content to `output`.
    public static func appendText(_ text: String, to output: inout String) {
        append(text, attribute: false, to: &output)
    }

    /// Appends `value` escaped for a quoted attribute to `output`.
    public static func appendAttribute(_ value: String, to output: inout String) {
        append(value, attribute: true, to: &output)
    }

    /// Appends `<name>text</name>` and a line break, the text escaped as element content.
    public static func appendElement(_ name: String, text: String, to output: inout String) {
        output += "<\(name)>"
        appendText(text, to: &output)
        output += "</\(name)>\n"
    }

    /// Appends `text` escaped as element content, or for a quoted attribute (quotes, tab and
    /// line breaks become character references too).
    private static func append(_ text: String, attribute: Bool, to output: inout String) {
        if !needsWork(text, attribute: attribute) {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where attribute: output += "&quot;"
            case "'" where attribute: output += "&#39;"
            case "\t" where attribute: output += "&#9;"
            case "\n" where attribute: output += "&#10;"
            case "\r" where attribute: output += "&#13;"
            default: if isAllowed(scalar) { output.unicodeScalars.append(scalar) }
            }
        }
    }

    /// Whether `scalar` may appear in the output at all (see the type's summary).
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        if value >= 0x7F && value <= 0x9F { return false }
        return value != 0xFFFE && value != 0xFFFF
    }

    /// `text` with the characters that `isAllowed` rejects removed (nothing else changes).
    public static func removingDisallowedCharacters(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where isAllowed(scalar) { output.append(scalar) }
        return String(output)
    }

    /// Fast check on the UTF-8 bytes: false when `text` can be copied unchanged.
    private static func needsWork(_ text: String, attribute: Bool) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): return true
            case UInt8(ascii: "\""), UInt8(ascii: "'"), 0x09, 0x0A, 0x0D: if attribute { return true }
            case 0x00..<0x20, 0x7F: return true
            case 0xC2, 0xEF: return true  // lead bytes of U+0080–U+00BF and U+F000–U+FFFF: check closely
            default: continue
            }
        }
        return false
    }
}
