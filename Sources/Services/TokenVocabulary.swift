import Foundation
import TextData
import Workspace

/// The token strings of a model by id, with the ids analyses leave out (special tokens, punctuation).
///
/// A trained model takes them from its WordPiece tokenizer; imported salience (`salience import`)
/// from the tokens of the imported file, where the special tokens are recognised by their usual
/// strings (`importedSpecialTokens`) and punctuation by the tokenizer's own rule.
public struct TokenVocabulary: Sendable {
    /// Token strings by id.
    public let terms: [String]
    /// Per id: a special (non-text) token.
    private let specialFlags: [Bool]
    /// Per id: a token of punctuation and symbols only.
    private let punctuationFlags: [Bool]

    /// Special-token strings of the common tokenizers (BERT, RoBERTa / GPT-2, SentencePiece) in imported vocabularies.
    public static let importedSpecialTokens: Set<String> = [
        "[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]", "<s>", "</s>", "<pad>", "<unk>", "<mask>",
    ]

    /// The vocabulary of a WordPiece tokenizer (added tokens included).
    public init(tokenizer: WordPieceTokenizer) {
        terms = tokenizer.vocabulary
        specialFlags = (0..<tokenizer.vocabularySize).map { tokenizer.isSpecial(Int32($0)) }
        punctuationFlags = (0..<tokenizer.vocabularySize).map { tokenizer.isPunctuation(Int32($0)) }
    }

    /// The vocabulary of imported salience maps: `terms` in id order.
    public init(importedTerms terms: [String]) {
        self.terms = terms
        specialFlags = terms.map(Self.importedSpecialTokens.contains)
        punctuationFlags = terms.map(WordPieceTokenizer.isPunctuationToken)
    }

    /// The number of ids.
    public var count: Int { terms.count }

    /// The token string of an id.
    public func term(_ id: Int) -> String { terms[id] }

    /// Whether the id is a special token (`[CLS]`, `[SEP]`, `[PAD]`, …).
    public func isSpecial(_ id: Int32) -> Bool { id >= 0 && Int(id) < specialFlags.count && specialFlags[Int(id)] }

    /// Whether the id's token is punctuation or symbols only.
    public func isPunctuation(_ id: Int32) -> Bool { id >= 0 && Int(id) < punctuationFlags.count && punctuationFlags[Int(id)] }

    /// The special ids, plus the punctuation ids when asked.
    /// - Complexity: O(count).
    public func excludedIDs(punctuation: Bool) -> Set<Int32> {
        var excluded: Set<Int32> = []
        for id in terms.indices where specialFlags[id] || (punctuation && punctuationFlags[id]) { excluded.insert(Int32(id)) }
        return excluded
    }

    /// Reads a `vocab.txt` written by `ImportService`: one token per line, kept exactly (tokens hold no line breaks).
    static func readImported(path: String) throws(WorkspaceError) -> TokenVocabulary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkspaceError("The imported vocabulary \(path) is missing; import the salience maps again.")
        }
        var lines: [String] = []
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard let term = String(validating: line, as: UTF8.self) else {
                throw WorkspaceError("The imported vocabulary \(path) is not UTF-8 (line \(lines.count + 1)); import the salience maps again.")
            }
            lines.append(term)
        }
        if lines.last == "" { lines.removeLast() }
        return TokenVocabulary(importedTerms: lines)
    }

    /// The text of a `vocab.txt` for imported terms.
    static func importedFileText(_ terms: [String]) -> String { terms.joined(separator: "\n") + "\n" }
}
