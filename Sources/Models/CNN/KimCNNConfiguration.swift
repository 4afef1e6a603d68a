/// The shape of a Kim (2014) CNN: embeddings → convolutions of several widths → ReLU →
/// max-over-time pooling → dropout → linear → softmax, optionally with one hidden layer
/// (linear → ReLU) between the pooled features and the output layer.
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
    /// Width `H` of the hidden layer between the pooled features and the output layer; 0 (Kim's
    /// original) connects the pooled features to the output layer directly. A hidden ReLU layer
    /// lets the classifier combine features non-additively (for example "token A and token B
    /// both occur"), which a single linear layer after max pooling cannot.
    public var hiddenSize: Int = 0
    /// Probability of zeroing a hidden activation during training (used only when `hiddenSize > 0`).
    public var hiddenDropout: Float = 0
    /// Pooled features switched off by `salience disable` (FIND): their weights into the next
    /// layer stay zero, also while the head retrains. Empty for every trained model.
    public var disabledFeatures: [DisabledFeature] = []

    /// A configuration; the defaults are Kim's (widths 3/4/5, 100 filters each, dropout 0.5, no hidden layer).
    public init(vocabularySize: Int, embeddingDimension: Int, classCount: Int, filterWidths: [Int] = [3, 4, 5],
                filterCount: Int = 100, dropout: Float = 0.5, trainEmbeddings: Bool = false, padID: Int32 = 0,
                hiddenSize: Int = 0, hiddenDropout: Float = 0) {
        self.vocabularySize = vocabularySize
        self.embeddingDimension = embeddingDimension
        self.classCount = classCount
        self.filterWidths = filterWidths
        self.filterCount = filterCount
        self.dropout = dropout
        self.trainEmbeddings = trainEmbeddings
        self.padID = padID
        self.hiddenSize = hiddenSize
        self.hiddenDropout = hiddenDropout
    }

    /// Width of the pooled feature vector, `filterWidths.count * filterCount`.
    public var featureCount: Int { filterWidths.count * filterCount }

    /// Width of the representation the output layer reads: `hiddenSize` when there is a hidden
    /// layer, else `featureCount`.
    public var representationCount: Int { hiddenSize > 0 ? hiddenSize : featureCount }

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
        if hiddenSize < 0 { return "hiddenSize must be 0 (no hidden layer) or positive, got \(hiddenSize)" }
        if !(hiddenDropout >= 0 && hiddenDropout < 1) { return "hiddenDropout must lie in [0, 1), got \(hiddenDropout)" }
        for disabled in disabledFeatures {
            if disabled.feature < 0 || disabled.feature >= featureCount {
                return "disabled feature \(disabled.feature) lies outside 0..<\(featureCount)"
            }
            if let classIndex = disabled.classIndex, classIndex < 0 || classIndex >= classCount || hiddenSize > 0 {
                return "feature \(disabled.feature) is disabled for class \(classIndex), which needs a class 0..<\(classCount) and no hidden layer"
            }
        }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case vocabularySize, embeddingDimension, classCount, filterWidths, filterCount, dropout, trainEmbeddings, padID
        case hiddenSize, hiddenDropout, disabledFeatures
    }

    /// Decodes a configuration; files written before the hidden layer existed lack `hiddenSize`
    /// and `hiddenDropout` and decode as 0 (no hidden layer).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try container.decode(Int.self, forKey: .vocabularySize)
        embeddingDimension = try container.decode(Int.self, forKey: .embeddingDimension)
        classCount = try container.decode(Int.self, forKey: .classCount)
        filterWidths = try container.decode([Int].self, forKey: .filterWidths)
        filterCount = try container.decode(Int.self, forKey: .filterCount)
        dropout = try container.decode(Float.self, forKey: .dropout)
        trainEmbeddings = try container.decode(Bool.self, forKey: .trainEmbeddings)
        padID = try container.decode(Int32.self, forKey: .padID)
        hiddenSize = try container.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? 0
        hiddenDropout = try container.decodeIfPresent(Float.self, forKey: .hiddenDropout) ?? 0
        disabledFeatures = try container.decodeIfPresent([DisabledFeature].self, forKey: .disabledFeatures) ?? []
    }

    /// Encodes a configuration; without a hidden layer the two hidden fields are left out, so a
    /// model without one keeps the `config.json` and fingerprint it had before the field existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vocabularySize, forKey: .vocabularySize)
        try container.encode(embeddingDimension, forKey: .embeddingDimension)
        try container.encode(classCount, forKey: .classCount)
        try container.encode(filterWidths, forKey: .filterWidths)
        try container.encode(filterCount, forKey: .filterCount)
        try container.encode(dropout, forKey: .dropout)
        try container.encode(trainEmbeddings, forKey: .trainEmbeddings)
        try container.encode(padID, forKey: .padID)
        if hiddenSize > 0 {
            try container.encode(hiddenSize, forKey: .hiddenSize)
            try container.encode(hiddenDropout, forKey: .hiddenDropout)
        }
        // Only disabled versions carry the list, so every other model keeps its fingerprint.
        if !disabledFeatures.isEmpty { try container.encode(disabledFeatures, forKey: .disabledFeatures) }
    }
}
