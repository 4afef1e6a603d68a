/// The pooled features of a CNN, ranked by how much they separate the classes (`salience features`).
public struct FeatureReport: Codable, Sendable {
    /// Class names in index order.
    public var classes: [String]
    /// Training examples the n-grams, influences and rates come from.
    public var exampleCount: Int
    /// Pooled features of the model, `filterWidths.count * filterCount`.
    public var featureCount: Int
    /// How the class influence was measured: `output weights` (no hidden layer) or `mean gradient` (hidden layer).
    public var influenceMeasure: String
    /// How the n-grams are weighted: the window's LRP-ε relevance to the feature (the ε-rule from the feature's value down its winning window).
    public var relevanceMeasure: String
    /// The model's fingerprint.
    public var modelFingerprint: String
    /// Features in decreasing order of `separation × meanActivation` (all of them; `--top` trims the listing).
    public var features: [FeatureEntry]
}

/// One pooled feature (a convolution filter after max-over-time pooling).
public struct FeatureEntry: Codable, Sendable {
    /// Index in the pooled vector, width-major: `widthIndex * filterCount + filter`.
    public var index: Int
    /// Filter width in tokens (the length of its n-grams).
    public var width: Int
    /// Rank by score, 1 = separates the classes most.
    public var rank: Int
    /// `separation × meanActivation`: how far the feature moves the logit spread on an average example.
    public var score: Double
    /// Largest minus smallest class influence.
    public var separation: Double
    /// Mean pooled (rectified) value over the examples.
    public var meanActivation: Double
    /// Influence on each class logit (∂logit/∂feature: weights, or their mean with a hidden layer), `[classCount]`.
    public var influence: [Double]
    /// For each class, the fraction of its examples on which the feature fires (pooled value > 0), `[classCount]`.
    public var activeRates: [Double]
    /// The n-grams of its winning windows with their summed relevance, largest first (its word cloud).
    public var ngrams: [FeatureNgram]
    /// Classes whose weight from this feature is disabled (all classes: every index).
    public var disabledClasses: [Int]
    /// With terms asked for (`disable --matching`): the share of the feature's relevance mass over all
    /// its winning n-grams that falls on n-grams holding one of the terms, in [0, 1]; nil otherwise.
    public var termShare: Double? = nil
}

/// An n-gram that won a feature's max-pool, merged over examples.
public struct FeatureNgram: Codable, Sendable {
    /// The tokens, space-separated, word pieces joined.
    public var text: String
    /// The tokens as the model sees them.
    public var tokens: [String]
    /// Summed relevance of its windows.
    public var relevance: Double
    /// Examples in which it won.
    public var count: Int
}
