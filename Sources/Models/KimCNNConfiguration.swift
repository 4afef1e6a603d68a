/// The shape of a Kim (2014) CNN: embeddings → convolutions of several widths → ReLU →
/// max-over-time pooling → dropout → linear → softmax.
public struct KimCNNConfiguration: Codable, Sendable, Equatable {
    /// Number of rows of the embedding table (the tokenizer's vocabulary, added tokens included).
    public var vocabularySize: Int
    /// Width `d` of an input embedding.
    public var embeddingDimension: Int
    /// Number of output classes.
    public var classCount: Int
    /// Convolution widths in tokens; one bank of `filterCount` filters per width.
    public var filterWidths: [Int] = [3, 4, 5]
    /// Filters per width.
    public var filterCount: Int = 100
    /// Probability of zeroing a pooled feature during training.
    public var dropout: Float = 0.5
    /// Whether training also updates the embedding table (frozen by default).
    public var trainEmbeddings: Bool = false
    /// The token id that pads batches.
    public var padID: Int32 = 0

    /// A configuration; the defaults are Kim's (widths 3/4/5, 100 filters each, dropout 0.5).
    public init(vocabularySize: Int, embeddingDimension: Int, classCount: Int, filterWidths: [Int] = [3, 4, 5],
                filterCount: Int = 100, dropout: Float = 0.5, trainEmbeddings: Bool = false, padID: Int32 = 0) {
        self.vocabularySize = vocabularySize
        self.embeddingDimension = embeddingDimension
        self.classCount = classCount
        self.filterWidths = filterWidths
        self.filterCount = filterCount
        self.dropout = dropout
        self.trainEmbeddings = trainEmbeddings
        self.padID = padID
    }

    /// Width of the pooled feature vector, `filterWidths.count * filterCount`.
    public var featureCount: Int { filterWidths.count * filterCount }

    /// Why this configuration cannot build a model, or nil when it can.
    public var problem: String? {
        if vocabularySize < 1 { return "vocabularySize must be at least 1, got \(vocabularySize)" }
        if embeddingDimension < 1 { return "embeddingDimension must be at least 1, got \(embeddingDimension)" }
        if classCount < 2 { return "classCount must be at least 2, got \(classCount)" }
        if filterWidths.isEmpty || filterWidths.contains(where: { $0 < 1 }) {
            return "filterWidths must be a non-empty list of positive widths, got \(filterWidths)"
        }
        if filterCount < 1 { return "filterCount must be at least 1, got \(filterCount)" }
        if !(dropout >= 0 && dropout < 1) { return "dropout must lie in [0, 1), got \(dropout)" }
        if padID < 0 || Int(padID) >= vocabularySize { return "padID \(padID) lies outside the vocabulary 0..<\(vocabularySize)" }
        return nil
    }
}
