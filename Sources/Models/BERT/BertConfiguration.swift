/// The shape of a BERT-style encoder with a classification head on `[CLS]`: the fields of a
/// Hugging Face `config.json` this build understands, plus the head's class count and labels.
public struct BertConfiguration: Codable, Sendable, Equatable {
    /// Rows of the word-piece embedding table (`vocab_size`).
    public var vocabularySize: Int
    /// Width `H` of every hidden state (`hidden_size`).
    public var hiddenSize: Int
    /// Number of encoder layers (`num_hidden_layers`).
    public var layerCount: Int
    /// Attention heads per layer (`num_attention_heads`); divides `hiddenSize`.
    public var headCount: Int
    /// Width `I` of the feed-forward layer (`intermediate_size`).
    public var intermediateSize: Int
    /// Rows of the position embedding table (`max_position_embeddings`).
    public var maximumPositionCount: Int
    /// Rows of the token-type embedding table (`type_vocab_size`).
    public var typeVocabularySize: Int
    /// ε of every LayerNorm (`layer_norm_eps`).
    public var layerNormEpsilon: Float
    /// Dropout on embeddings, sub-layer outputs and the `[CLS]` vector in training (`hidden_dropout_prob`).
    public var hiddenDropout: Float
    /// Dropout on attention probabilities in training (`attention_probs_dropout_prob`).
    public var attentionDropout: Float
    /// The token id that pads batches (`pad_token_id`).
    public var padID: Int32
    /// Number of output classes of the head.
    public var classCount: Int
    /// Whether the head reads the pooler's `tanh(W·h_[CLS] + b)` (as `BertForSequenceClassification`)
    /// rather than the last-layer `[CLS]` state directly.
    public var usesPooler: Bool
    /// Class names by index (`id2label`), when the checkpoint has them.
    public var labels: [String]?

    /// A configuration; the defaults are BERT-base's dropout and ε.
    public init(vocabularySize: Int, hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int,
                maximumPositionCount: Int = 512, typeVocabularySize: Int = 2, layerNormEpsilon: Float = 1e-12,
                hiddenDropout: Float = 0.1, attentionDropout: Float = 0.1, padID: Int32 = 0, classCount: Int = 2,
                usesPooler: Bool = true, labels: [String]? = nil) {
        precondition(headCount > 0 && hiddenSize % headCount == 0, "hiddenSize \(hiddenSize) is not a multiple of headCount \(headCount)")
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.maximumPositionCount = maximumPositionCount
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.hiddenDropout = hiddenDropout
        self.attentionDropout = attentionDropout
        self.padID = padID
        self.classCount = classCount
        self.usesPooler = usesPooler
        self.labels = labels
    }

    /// Width of one attention head, `H / headCount`.
    public var headSize: Int { hiddenSize / headCount }
}
