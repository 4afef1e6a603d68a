import Foundation

/// A data file read into named columns of strings, before any interpretation.
struct RawTable {
    /// One record: a value per column (`nil` when a JSON line lacks the key or has `null`).
    struct Row {
        var values: [String?]
        /// The 1-based line where the record starts.
        var lineNumber: Int
    }

    /// The column names in file order (JSON Lines: in order of first appearance).
    var columns: [String]
    /// The records in file order.
    var rows: [Row]

    /// The file formats recognised by extension.
    enum Format {
        case csv, tsv, jsonLines
    }

    /// The format of a path from its extension, or a `DataError` naming the supported ones.
    static func format(of path: String) throws(DataError) -> Format {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "jsonl", "json", "ndjson": return .jsonLines
        default:
            throw DataError("Cannot tell the format of \(path) from its extension; name it .csv, .tsv or .jsonl (JSON Lines).")
        }
    }

    /// The longest CSV/TSV field or JSON Lines line read, in bytes (16 MiB): longer ones are
    /// refused with their line number once the scan passes this bound, so a damaged or hostile
    /// file costs at most this much beyond the lines before it (the file itself is memory-mapped).
    static let maximumFieldByteCount = 16 << 20

    /// The error for a field or line longer than `maximumFieldByteCount`.
    static func tooLong(_ what: String, path: String, line: Int) -> DataError {
        DataError("\(path) line \(line): \(what) is longer than \(maximumFieldByteCount >> 20) MiB, the most this reader takes; split the text or check that the file is not damaged.")
    }

    /// Reads and parses a CSV, TSV or JSON Lines file.
    /// - Complexity: O(file size).
    static func read(path: String) throws(DataError) -> RawTable {
        let format = try format(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let bundled = (path as NSString).lastPathComponent == "rotten-tomatoes.csv"
            throw DataError("The data file \(path) does not exist; check the path.", nextStep: bundled ? .fetchResource("rotten-tomatoes") : nil)
        }
        guard !isDirectory.boolValue, let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw DataError("Cannot read the data file \(path); check that it is a readable file.")
        }
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<RawTable, DataError> in
            var bytes = raw.bindMemory(to: UInt8.self)
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                bytes = UnsafeBufferPointer<UInt8>(rebasing: bytes[3..<bytes.count])
            }
            do throws(DataError) {
                switch format {
                case .csv: return .success(try DelimitedTextParser.parse(bytes, delimiter: UInt8(ascii: ","), path: path))
                case .tsv: return .success(try DelimitedTextParser.parse(bytes, delimiter: UInt8(ascii: "\t"), path: path))
                case .jsonLines: return .success(try JSONLinesParser.parse(bytes, path: path))
                }
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
