/// The gradient of the word-piece embedding rows one training batch used, summed per token.
public struct BertEmbeddingGradient: Sendable {
    /// Distinct token ids, in order of first use.
    public var tokens: [Int32]
    /// `[tokens.count, H]`: row `i` is the gradient of the embedding of `tokens[i]`.
    public var rows: [Float]

    /// A gradient for the given tokens and rows.
    public init(tokens: [Int32], rows: [Float]) {
        self.tokens = tokens
        self.rows = rows
    }
}
