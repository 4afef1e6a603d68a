import TextData

/// A classifier read from a checkpoint trained elsewhere, with its tokenizer.
public struct AdoptedClassifier {
    /// The classifier, its labels those of the data.
    public var classifier: any TextClassifier
    /// The checkpoint's tokenizer, with its added whole tokens.
    public var tokenizer: WordPieceTokenizer

    /// Pairs a classifier with its tokenizer.
    public init(classifier: any TextClassifier, tokenizer: WordPieceTokenizer) {
        self.classifier = classifier
        self.tokenizer = tokenizer
    }
}
