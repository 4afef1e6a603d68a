/// A text-to-ids tokenizer as the models see it.
public protocol Tokenizer: Sendable {
    /// Token strings by id.
    var vocabulary: [String] { get }
    /// The number of ids.
    var vocabularySize: Int { get }
    /// The id used to pad sequences to a common length.
    var padID: Int32 { get }
    /// The id of unknown text.
    var unknownID: Int32 { get }
    /// The tokens of a text, without special tokens.
    func tokenize(_ text: String) -> [String]
    /// The ids of a text with the model's special tokens, at most `maxLength` of them.
    func encode(_ text: String, maxLength: Int?) -> [Int32]
    /// Whether the id is a special (non-text) token.
    func isSpecial(_ id: Int32) -> Bool
    /// Whether the id's token is punctuation or symbols only.
    func isPunctuation(_ id: Int32) -> Bool
}

extension WordPieceTokenizer: Tokenizer {}
