/// A parser for JSON Lines data files over raw UTF-8 bytes: one flat JSON object per line,
/// blank lines skipped. Values may be strings, numbers (kept with their spelling, so `1` stays
/// "1"), booleans ("true"/"false") or `null` (treated as absent); arrays and objects are errors.
enum JSONLinesParser {
    /// Parses the whole file; columns are the keys in order of first appearance. A line longer
    /// than `RawTable.maximumFieldByteCount` is refused with its number as soon as the scan passes the bound.
    /// - Complexity: O(file size).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(DataError) -> RawTable {
        var columns: [String] = []
        var columnIndex: [String: Int] = [:]
        var records: [(pairs: [(Int, String)], line: Int)] = []
        var lineStart = 0
        var line = 1
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") {
                lineEnd += 1
                if lineEnd - lineStart > RawTable.maximumFieldByteCount { throw RawTable.tooLong("the line", path: path, line: line) }
            }
            let lineBytes = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if !lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                var reader = Reader(bytes: lineBytes)
                let object: [(String, String?)]
                do {
                    object = try reader.parseObjectLine()
                } catch {
                    throw DataError("\(path) line \(line) is not a valid JSON object (at character \(error.offset + 1): \(error.reason)); write one JSON object per line.")
                }
                var pairs: [(Int, String)] = []
                for (key, value) in object {
                    let column: Int
                    if let existing = columnIndex[key] {
                        column = existing
                    } else {
                        column = columns.count
                        columns.append(key)
                        columnIndex[key] = column
                    }
                    if let value { pairs.append((column, value)) }
                }
                records.append((pairs, line))
            }
            lineStart = lineEnd + 1
            line += 1
        }
        guard !records.isEmpty else {
            throw DataError("The data file \(path) has no JSON objects; write one JSON object per line, such as {\"text\": \"...\", \"label\": \"...\"}.")
        }
        let rows = records.map { record -> RawTable.Row in
            var values = [String?](repeating: nil, count: columns.count)
            for (column, value) in record.pairs { values[column] = value }
            return RawTable.Row(values: values, lineNumber: record.line)
        }
        return RawTable(columns: columns, rows: rows)
    }

    /// A syntax problem inside one line.
    struct SyntaxError: Error {
        let reason: String
        let offset: Int
    }

    /// A cursor over one line.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[index]) { index += 1 }
        }

        func fail(_ reason: String) -> SyntaxError { SyntaxError(reason: reason, offset: index) }

        mutating func expect(_ byte: UInt8, _ description: String) throws(SyntaxError) {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(description)") }
            index += 1
        }

        /// `{ "key": value, ... }` with nothing after it; `nil` values for `null`.
        mutating func parseObjectLine() throws(SyntaxError) -> [(String, String?)] {
            try expect(UInt8(ascii: "{"), "an object starting with {")
            var pairs: [(String, String?)] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let key = try parseString()
                    try expect(UInt8(ascii: ":"), "a colon after the key")
                    skipWhitespace()
                    pairs.append((key, try parseScalarValue(key: key)))
                    skipWhitespace()
                    guard index < bytes.count else { throw fail("the object is not closed with }") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    throw fail("expected , or } after a value")
                }
            }
            skipWhitespace()
            guard index == bytes.count else { throw fail("unexpected text after the object") }
            return pairs
        }

        /// A string, number, boolean or null value, as its string form.
        mutating func parseScalarValue(key: String) throws(SyntaxError) -> String? {
            guard index < bytes.count else { throw fail("expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return try parseString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try parseNumber()
            case UInt8(ascii: "t"):
                try literal("true")
                return "true"
            case UInt8(ascii: "f"):
                try literal("false")
                return "false"
            case UInt8(ascii: "n"):
                try literal("null")
                return nil
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                throw fail("the value of \"\(key)\" is an array or object, but values must be strings or numbers")
            default:
                throw fail("expected a value")
            }
        }

        mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count else { throw fail("expected \(word)") }
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("expected \(word)")
            }
            index += length
        }

        mutating func parseNumber() throws(SyntaxError) -> String {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            func digits(_ reader: inout Reader) -> Int {
                let first = reader.index
                while reader.index < reader.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(reader.bytes[reader.index]) {
                    reader.index += 1
                }
                return reader.index - first
            }
            guard digits(&self) > 0 else { throw fail("malformed number") }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits(&self) > 0 else { throw fail("malformed number") }
            }
            if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
                index += 1
                if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
                guard digits(&self) > 0 else { throw fail("malformed number") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// A quoted string with JSON escapes (including surrogate pairs).
        mutating func parseString() throws(SyntaxError) -> String {
            index += 1  // opening quote
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    guard let string = String(validating: bytes[start..<index], as: UTF8.self) else {
                        throw fail("invalid UTF-8")
                    }
                    index += 1
                    return string
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw fail("a control character inside a string must be escaped") }
                index += 1
            }
            var buffer = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    guard let string = String(validating: buffer, as: UTF8.self) else { throw fail("invalid UTF-8") }
                    return string
                }
                if byte < 0x20 { throw fail("a control character inside a string must be escaped") }
                if byte != UInt8(ascii: "\\") {
                    buffer.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try hexQuad()
                    if (0xD800..<0xDC00).contains(value) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("an unpaired surrogate escape")
                        }
                        index += 2
                        let low = try hexQuad()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("an unpaired surrogate escape") }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw fail("an unpaired surrogate escape") }
                    buffer.append(contentsOf: String(scalar).utf8)
                default:
                    throw fail("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
                }
            }
            throw fail("a string is not closed")
        }

        mutating func hexQuad() throws(SyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("a short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("a malformed \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}
