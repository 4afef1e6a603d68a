import TextData

/// A classifier read from a checkpoint trained elsewhere, with its tokenizer.
public struct AdoptedClassifier {
    /// The classifier, its labels those of the data.
    public var classifier: any TextClassifier
    /// The checkpoint's tokenizer, with its added whole tokens.
    public var tokenizer: WordPieceTokenizer
    /// One line for the user about how the data's labels were read (integer labels as class indices); nil when nothing needed saying.
    public var note: String?

    /// Pairs a classifier with its tokenizer.
    public init(classifier: any TextClassifier, tokenizer: WordPieceTokenizer) {
        self.classifier = classifier
        self.tokenizer = tokenizer
    }
}
