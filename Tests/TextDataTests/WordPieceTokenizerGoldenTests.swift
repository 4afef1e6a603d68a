import Foundation
import Testing
@testable import TextData

/// Golden checks of the WordPiece tokenizer against the Hugging Face `tokenizers` reference
/// (scripts/reference_tokenizer.py).
@Suite("WordPiece tokenizer golden files")
struct WordPieceTokenizerGoldenTests {
    /// One line of a golden file.
    struct GoldenRecord {
        let lineNumber: Int
        let text: String
        let ids: [Int32]
    }

    /// Reads `{"text": ..., "ids": [...]}` lines.
    static func readGolden(_ path: String) throws -> [GoldenRecord] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var records: [GoldenRecord] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let text = try #require(object["text"] as? String, "line \(lineNumber) of \(path) has no text")
            let ids = try #require(object["ids"] as? [Int], "line \(lineNumber) of \(path) has no ids")
            records.append(GoldenRecord(lineNumber: lineNumber, text: text, ids: ids.map { Int32($0) }))
        }
        return records
    }

    /// The MiniLM tokenizer with the synthetic-shortcut tokens; fails the test when the model is missing.
    static func miniLMTokenizer() throws -> WordPieceTokenizer {
        let path = TestSupport.miniLMVocabularyPath
        try #require(FileManager.default.fileExists(atPath: path),
                     "The MiniLM vocabulary is missing at \(path); run `salience data fetch minilm` (CI fetches it before the tests).")
        return try WordPieceTokenizer(vocabularyPath: path,
                                      addedTokens: [ShortcutInjector.commonToken, ShortcutInjector.classZeroToken,
                                                    ShortcutInjector.classOneToken])
    }

    /// Compares every record, recording the first mismatches; returns the count of identical ones.
    static func compare(_ records: [GoldenRecord], with tokenizer: WordPieceTokenizer, source: String) -> Int {
        var identicalCount = 0
        var reportedCount = 0
        for record in records {
            let ids = tokenizer.encode(record.text)
            if ids == record.ids {
                identicalCount += 1
            } else if reportedCount < 20 {
                reportedCount += 1
                Issue.record("""
                    \(source) line \(record.lineNumber): \(record.text.debugDescription)
                      expected \(tokenizer.tokens(for: record.ids.filter { $0 >= 0 && Int($0) < tokenizer.vocabularySize }))
                      got      \(tokenizer.tokens(for: ids))
                    """)
            }
        }
        return identicalCount
    }

    @Test("the hard cases tokenize exactly as the reference does")
    func hardCases() throws {
        let tokenizer = try Self.miniLMTokenizer()
        let path = TestSupport.fixture("tokenizer-hard-cases.golden.jsonl")
        let records = try Self.readGolden(path)
        #expect(records.count >= 30)
        let identicalCount = Self.compare(records, with: tokenizer, source: path)
        #expect(identicalCount == records.count)
    }

    @Test("every text of $SALIENCE_TOKENIZER_GOLDEN tokenizes exactly as the reference does",
          .enabled(if: ProcessInfo.processInfo.environment["SALIENCE_TOKENIZER_GOLDEN"] != nil))
    func environmentGolden() throws {
        let path = try #require(ProcessInfo.processInfo.environment["SALIENCE_TOKENIZER_GOLDEN"])
        let tokenizer = try Self.miniLMTokenizer()
        let records = try Self.readGolden(path)
        let identicalCount = Self.compare(records, with: tokenizer, source: path)
        print("tokenizer golden \(path): \(identicalCount) of \(records.count) texts identical")
        #expect(!records.isEmpty)
        #expect(identicalCount == records.count)
    }
}
