/// The salience of every model token of one example, with the prediction it explains.
public struct SalienceMap: Codable, Sendable, Equatable {
    /// The model's tokens, `[length]`, special tokens included.
    public var tokenIDs: [Int32]
    /// One score per token, `[length]`.
    public var scores: [Float]
    /// The class whose logit is explained.
    public var target: Int
    /// That class's logit.
    public var targetLogit: Float
    /// The predicted class.
    public var prediction: Int
    /// The probability of the predicted class.
    public var probability: Float
    /// The target logit at the baseline (Integrated Gradients only).
    public var baselineLogit: Float?
    /// The completeness gap Σ scores − (f(x) − f(baseline)) (Integrated Gradients only).
    public var delta: Float?

    /// A map; the baseline fields stay nil for gradient methods.
    public init(tokenIDs: [Int32], scores: [Float], target: Int, targetLogit: Float, prediction: Int, probability: Float,
                baselineLogit: Float? = nil, delta: Float? = nil) {
        precondition(tokenIDs.count == scores.count, "\(tokenIDs.count) tokens but \(scores.count) scores")
        self.tokenIDs = tokenIDs
        self.scores = scores
        self.target = target
        self.targetLogit = targetLogit
        self.prediction = prediction
        self.probability = probability
        self.baselineLogit = baselineLogit
        self.delta = delta
    }
}
