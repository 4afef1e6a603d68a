/// RFC 4180 CSV output: a field is quoted when it contains a comma, a quote, CR or LF, or
/// begins or ends with a space; quotes inside are doubled; records end with CRLF.
enum CSVWriting {
    /// Appends one record to `output`.
    static func appendRecord(_ fields: [String], to output: inout String) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(",") }
            appendField(field, to: &output)
        }
        output.append("\r\n")
    }

    /// Appends one field, quoted if needed.
    static func appendField(_ field: String, to output: inout String) {
        var needsQuotes = false
        for byte in field.utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            needsQuotes = true
            break
        }
        if let first = field.utf8.first, let last = field.utf8.last,
           first == UInt8(ascii: " ") || last == UInt8(ascii: " ") {
            needsQuotes = true
        }
        guard needsQuotes else {
            output.append(field)
            return
        }
        output.append("\"")
        output.append(field.replacingOccurrences(of: "\"", with: "\"\""))
        output.append("\"")
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (no Foundation needed).
    func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for character in self {
            if character == target { result.append(replacement) } else { result.append(character) }
        }
        return result
    }
}
