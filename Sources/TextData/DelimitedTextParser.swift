/// An RFC 4180 parser for CSV and TSV over raw UTF-8 bytes: a header line of column names, then
/// one record per line; fields may be quoted with `"`, a quote inside a quoted field is doubled,
/// and quoted fields may span lines. LF, CRLF and lone CR all end a line; empty lines are skipped;
/// column names are trimmed of surrounding spaces.
enum DelimitedTextParser {
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Parses the whole file; the first non-empty record is the header. A field longer than
    /// `RawTable.maximumFieldByteCount` is refused with its line number as soon as the scan
    /// passes the bound, before any string of it is made.
    /// - Complexity: O(file size).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, path: String) throws(DataError) -> RawTable {
        let formatName = delimiter == UInt8(ascii: ",") ? "CSV" : "TSV"
        var header: [String]? = nil
        var rows: [RawTable.Row] = []
        var fields: [String?] = []
        var quotedBuffer: [UInt8] = []
        var index = 0
        var line = 1
        let count = bytes.count

        func makeString(_ slice: UnsafeBufferPointer<UInt8>.SubSequence, line: Int) throws(DataError) -> String {
            guard let string = String(validating: slice, as: UTF8.self) else {
                throw DataError("\(path) line \(line) is not valid UTF-8; save the file as UTF-8.")
            }
            return string
        }

        while index < count {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            // Blank line: skip.
            if bytes[index] == lineFeed || bytes[index] == carriageReturn {
                if bytes[index] == carriageReturn && index + 1 < count && bytes[index + 1] == lineFeed { index += 1 }
                index += 1
                line += 1
                continue
            }
            var recordEnded = false
            while !recordEnded {
                if index < count && bytes[index] == quote {
                    // Quoted field.
                    let quoteLine = line
                    index += 1
                    let start = index
                    var hasDoubledQuote = false
                    quotedBuffer.removeAll(keepingCapacity: true)
                    var closed = false
                    while index < count {
                        if index - start > RawTable.maximumFieldByteCount { throw RawTable.tooLong("a field", path: path, line: quoteLine) }
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < count && bytes[index + 1] == quote {
                                if !hasDoubledQuote {
                                    hasDoubledQuote = true
                                    quotedBuffer.append(contentsOf: bytes[start..<index])
                                }
                                quotedBuffer.append(quote)
                                index += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if byte == lineFeed || (byte == carriageReturn && !(index + 1 < count && bytes[index + 1] == lineFeed)) {
                            line += 1
                        }
                        if hasDoubledQuote { quotedBuffer.append(byte) }
                        index += 1
                    }
                    guard closed else {
                        throw DataError("\(path) line \(quoteLine): a quoted field is never closed; close the quote, and double any quote inside a quoted field (\"\").")
                    }
                    if hasDoubledQuote {
                        fields.append(try quotedBuffer.withUnsafeBufferPointer { buffer throws(DataError) in
                            try makeString(buffer[...], line: quoteLine)
                        })
                    } else {
                        fields.append(try makeString(bytes[start..<index], line: quoteLine))
                    }
                    index += 1  // the closing quote
                    if index < count {
                        let next = bytes[index]
                        if next != delimiter && next != lineFeed && next != carriageReturn {
                            throw DataError("\(path) line \(line): a quoted field is followed by other characters; double any quote inside a quoted field (\"\") and put the delimiter right after the closing quote.")
                        }
                    }
                } else {
                    let start = index
                    while index < count {
                        let byte = bytes[index]
                        if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                        index += 1
                        if index - start > RawTable.maximumFieldByteCount { throw RawTable.tooLong("a field", path: path, line: line) }
                    }
                    fields.append(try makeString(bytes[start..<index], line: line))
                }
                // After a field: delimiter, end of line or end of file.
                if index >= count {
                    recordEnded = true
                } else if bytes[index] == delimiter {
                    index += 1
                } else {
                    if bytes[index] == carriageReturn && index + 1 < count && bytes[index + 1] == lineFeed { index += 1 }
                    index += 1
                    line += 1
                    recordEnded = true
                }
            }
            if let header {
                guard fields.count == header.count else {
                    let quoteAdvice = delimiter == UInt8(ascii: ",") ? "quote fields that contain commas" : "quote fields that contain tabs"
                    throw DataError("\(path) line \(recordLine) has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(header.count); \(quoteAdvice) (\(formatName), RFC 4180).")
                }
                rows.append(RawTable.Row(values: fields, lineNumber: recordLine))
            } else {
                header = fields.map { ($0 ?? "").trimmingASCIIWhitespace() }
            }
        }
        guard let header else {
            throw DataError("The data file \(path) is empty; it needs a header line of column names and one line per example.")
        }
        return RawTable(columns: header, rows: rows)
    }
}
