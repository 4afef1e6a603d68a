/// Bad input to t-SNE (too few examples, a perplexity too large for them, non-finite values),
/// with one sentence that says what is wrong and what to do.
public struct TSNEError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The sentence, e.g. "perplexity 30 is too large for 50 examples; use --perplexity 16 or less (at most (N − 1) / 3)."
    public let message: String

    /// An error with the given sentence.
    public init(message: String) { self.message = message }

    /// The sentence.
    public var description: String { message }
}
