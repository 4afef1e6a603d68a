extension WordPieceTokenizer {
    /// Whether a token string (a leading `##` ignored) consists only of punctuation and symbol
    /// characters: the rule behind `isPunctuation(_:)`, for vocabularies that come without a
    /// tokenizer (salience maps imported from other tools).
    public static func isPunctuationToken(_ token: String) -> Bool {
        let bare = token.hasPrefix("##") && token.count > 2 ? token.dropFirst(2) : Substring(token)
        return BertCharacterClasses.isPunctuationOrSymbol(bare)
    }
}
