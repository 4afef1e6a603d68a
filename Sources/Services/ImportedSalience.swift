import Foundation
import TextData
import Workspace

/// Salience maps computed by another tool (Captum, LIT, Inseq, or `salience export --maps`),
/// read from JSON Lines and checked line by line before anything is stored.
///
/// One object per line: `{"id", "tokens": [...], "scores": [...], "label"?, "prediction"?,
/// "probability"?, "text"?, "split"?, "metadata"?}`.
/// * `id`: a non-empty string or an integer, unique in the file.
/// * `tokens`: a non-empty list of non-empty strings without line breaks; `scores`: as many
///   finite numbers (they are stored as 32-bit floats).
/// * `label` / `prediction`: strings or integers; at least one of them. A missing prediction is
///   the label; a missing label is the prediction, and the example is remembered as unlabelled
///   (`evaluate` leaves it out).
/// * `probability`: the probability of the predicted class, in [0, 1]; missing means 1.
/// * `text`: defaults to the tokens joined by single spaces; `split`: train, dev or test
///   (default test).
/// * `metadata`: an object of scalars; every other top-level scalar field (string, number,
///   boolean) is metadata too, written as text. Lists, objects and nulls in other fields are ignored.
///
/// Blank lines are skipped; line numbers count every line of the file from 1.
public struct ImportedSalience: Sendable {
    /// One checked line.
    public struct Line: Sendable, Equatable {
        public var id: String
        public var tokens: [String]
        public var scores: [Float]
        /// The gold label, nil when the line had none.
        public var label: String?
        /// The prediction, nil when the line had none.
        public var prediction: String?
        /// The probability of the predicted class, nil when the line had none.
        public var probability: Float?
        public var text: String
        public var split: Split
        public var metadata: [String: String]
        /// The 1-based line number in the file.
        public var lineNumber: Int
    }

    /// The file as the caller named it.
    public var path: String
    /// The lines in file order.
    public var lines: [Line]
    /// Digest of the file's bytes.
    public var contentDigest: String

    /// The fields with a meaning; every other scalar field becomes metadata.
    public static let knownFields: Set<String> = ["id", "tokens", "scores", "label", "prediction", "probability", "text", "split", "metadata"]

    /// Reads and checks `path`.
    /// - Complexity: O(file size).
    public static func read(path: String) throws(WorkspaceError) -> ImportedSalience {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else {
            throw WorkspaceError("Cannot read the salience maps file \(path): it does not exist or is not readable.")
        }
        return try parse(data, path: path)
    }

    /// Checks the bytes of a JSON Lines file; the first bad line throws, naming `path` and the line.
    /// - Complexity: O(data size).
    public static func parse(_ data: Data, path: String) throws(WorkspaceError) -> ImportedSalience {
        var lines: [Line] = []
        var idLines: [String: Int] = [:]
        var lineNumber = 0
        var failure: WorkspaceError?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
          do throws(WorkspaceError) {
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                if let found = memchr(bytes.baseAddress! + lineStart, 0x0A, bytes.count - lineStart) {
                    lineEnd = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                } else {
                    lineEnd = bytes.count
                }
                defer { lineStart = lineEnd + 1 }
                lineNumber += 1
                var end = lineEnd
                if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let lineBytes = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
                if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                let problem = { (text: String) in WorkspaceError("\(path) line \(lineNumber) \(text).") }
                var parser = ImportedLineParser(bytes: lineBytes)
                let value: JSONValue
                do throws(ImportedLineParser.SyntaxError) {
                    value = try parser.parseLine()
                } catch {
                    guard let text = String(validating: lineBytes, as: UTF8.self) else {
                        throw problem("is not UTF-8 text; save the file as UTF-8")
                    }
                    if containsNonFiniteLiteral(text) {
                        throw problem("has a NaN or infinite number, which JSON does not allow (Python's json writes them); replace it with a finite score or drop the line")
                    }
                    let column = ImportedLineParser.column(of: error.offset, in: lineBytes)
                    throw WorkspaceError("\(path) line \(lineNumber) column \(column) is not valid JSON (\(error.reason)); write one complete JSON object per line.")
                }
                let line = try parseLine(value, lineNumber: lineNumber, problem: problem)
                if let firstLine = idLines.updateValue(lineNumber, forKey: line.id) {
                    throw problem("repeats the id \"\(line.id)\" of line \(firstLine); ids must be unique")
                }
                lines.append(line)
            }
          } catch {
            failure = error
          }
        }
        if let failure { throw failure }
        guard !lines.isEmpty else {
            throw WorkspaceError("\(path) has no salience maps; write one JSON object per line with id, tokens, scores and a label or prediction.")
        }
        var digest = Digest()
        data.withUnsafeBytes { digest.update(bytes: $0) }
        return ImportedSalience(path: path, lines: lines, contentDigest: digest.hex)
    }

    /// Checks one parsed line.
    private static func parseLine(_ value: JSONValue, lineNumber: Int, problem: (String) -> WorkspaceError) throws(WorkspaceError) -> Line {
        guard case .object(let fields) = value else {
            throw problem("is \(value.summary), not a JSON object; write one object like {\"id\": \"a\", \"tokens\": [...], \"scores\": [...], \"label\": \"pos\"} per line")
        }
        guard let idValue = fields["id"] else { throw problem("has no \"id\"; give every line a unique id (a string or an integer)") }
        guard let id = idValue.stringOrInteger else { throw problem("has the id \(idValue.summary), which is neither a string nor an integer") }
        guard !id.isEmpty else { throw problem("has an empty id; give every line a unique id") }

        guard let tokensValue = fields["tokens"] else { throw problem("has no \"tokens\"; give the list of tokens the scores belong to") }
        guard case .array(let tokenValues) = tokensValue else { throw problem("has \"tokens\" that is \(tokensValue.summary), not a list of strings") }
        guard !tokenValues.isEmpty else { throw problem("has an empty \"tokens\" list; every example needs at least one token") }
        var tokens: [String] = []
        tokens.reserveCapacity(tokenValues.count)
        for (index, tokenValue) in tokenValues.enumerated() {
            guard case .string(let token) = tokenValue else { throw problem("has the token \(tokenValue.summary) at index \(index), which is not a string") }
            guard !token.isEmpty else { throw problem("has an empty token at index \(index); drop it together with its score") }
            guard !token.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else {
                throw problem("has a token with a line break at index \(index); tokens must be single-line strings")
            }
            tokens.append(token)
        }

        guard let scoresValue = fields["scores"] else { throw problem("has no \"scores\"; give one score per token") }
        guard case .array(let scoreValues) = scoresValue else { throw problem("has \"scores\" that is \(scoresValue.summary), not a list of numbers") }
        var scores: [Float] = []
        scores.reserveCapacity(scoreValues.count)
        for (index, scoreValue) in scoreValues.enumerated() {
            guard let number = scoreValue.number else { throw problem("has the score \(scoreValue.summary) at index \(index), which is not a number") }
            let score = Float(number)
            guard score.isFinite else { throw problem("has a score at index \(index) (\(scoreValue.summary)) beyond the range of 32-bit floats; scores must be finite") }
            scores.append(score)
        }
        guard scores.count == tokens.count else {
            throw problem("has \(tokens.count) tokens but \(scores.count) scores; give exactly one score per token")
        }

        func classValue(_ key: String) throws(WorkspaceError) -> String? {
            guard let value = fields[key], !isNull(value) else { return nil }
            guard let text = value.stringOrInteger, !text.isEmpty else {
                throw problem("has the \(key) \(value.summary), which is neither a non-empty string nor an integer")
            }
            return text
        }
        let label = try classValue("label")
        let prediction = try classValue("prediction")
        guard label != nil || prediction != nil else {
            throw problem("has neither \"label\" nor \"prediction\"; give at least one of them")
        }

        var probability: Float?
        if let value = fields["probability"], !isNull(value) {
            guard let number = value.number, number >= 0, number <= 1 else {
                throw problem("has the probability \(value.summary), which is not a number between 0 and 1")
            }
            probability = Float(number)
        }

        var text = tokens.joined(separator: " ")
        if let value = fields["text"], !isNull(value) {
            guard case .string(let given) = value else { throw problem("has a \"text\" that is \(value.summary), not a string") }
            text = given
        }

        var split = Split.test
        if let value = fields["split"], !isNull(value) {
            guard case .string(let given) = value, let parsed = Split(fileValue: given) else {
                throw problem("has the split \(value.summary); use train, dev or test")
            }
            split = parsed
        }

        var metadata: [String: String] = [:]
        if let value = fields["metadata"], !isNull(value) {
            guard case .object(let entries) = value else { throw problem("has \"metadata\" that is \(value.summary), not an object") }
            for (key, entry) in entries {
                guard let text = entry.scalarText else {
                    throw problem("has the metadata field \"\(key)\" = \(entry.summary); metadata values must be strings, numbers or booleans")
                }
                metadata[key] = text
            }
        }
        for (key, entry) in fields where !knownFields.contains(key) {
            guard let text = entry.scalarText else { continue }
            if let existing = metadata[key], existing != text {
                throw problem("has the field \"\(key)\" both at the top level and in \"metadata\", with different values; keep one")
            }
            metadata[key] = text
        }
        return Line(id: id, tokens: tokens, scores: scores, label: label, prediction: prediction, probability: probability,
                    text: text, split: split, metadata: metadata, lineNumber: lineNumber)
    }

    /// Whether the line holds a bare `NaN` / `Infinity` / `-Infinity` value, as Python's `json.dumps` writes them.
    private static func containsNonFiniteLiteral(_ text: String) -> Bool {
        text.range(of: #"[\[:,]\s*-?(NaN|Infinity)\b"#, options: .regularExpression) != nil
    }

    private static func isNull(_ value: JSONValue) -> Bool {
        if case .null = value { return true }
        return false
    }

    /// Class names: the distinct label and prediction values, numerically when all are integers, else by string.
    public var classes: [String] {
        var names: Set<String> = []
        for line in lines {
            if let label = line.label { names.insert(label) }
            if let prediction = line.prediction { names.insert(prediction) }
        }
        // The same order as a data file's classes (`Dataset.load` sorts labels this way).
        if names.allSatisfy({ Int($0) != nil }) { return names.sorted { (Int($0)!, $0) < (Int($1)!, $1) } }
        return names.sorted()
    }

    /// The distinct tokens in order of first appearance: the imported vocabulary (id = index).
    public var terms: [String] {
        var seen: Set<String> = []
        var terms: [String] = []
        for line in lines {
            for token in line.tokens where seen.insert(token).inserted { terms.append(token) }
        }
        return terms
    }

    /// Metadata column names: every metadata key of any line, sorted.
    public var metadataColumns: [String] {
        Array(Set(lines.flatMap(\.metadata.keys))).sorted()
    }
}
