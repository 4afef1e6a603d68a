/// The relevance of every token of one sequence for one class logit, from layer-wise relevance
/// propagation, with what the biases absorbed on the way down.
public struct TokenRelevance: Sendable {
    /// The explained class.
    public var target: Int
    /// Every class's logit, `[classCount]`.
    public var logits: [Float]
    /// One relevance per token, `[tokenCount]`.
    public var scores: [Float]
    /// The relevance the biases absorbed (the part of the logit no token explains).
    public var biasRelevance: Float

    /// A result.
    public init(target: Int, logits: [Float], scores: [Float], biasRelevance: Float) {
        (self.target, self.logits, self.scores, self.biasRelevance) = (target, logits, scores, biasRelevance)
    }

    /// The explained logit.
    public var logit: Float { logits[target] }
    /// `logit − biasRelevance − Σ scores`: what the stabiliser, the non-linear layers and rounding lost.
    public var conservationGap: Float { logit - biasRelevance - scores.reduce(0, +) }
}

/// A classifier that propagates relevance from a logit down to its input tokens layer by layer (LRP).
public protocol RelevancePropagatingClassifier: TextClassifier {
    /// LRP with stabiliser `epsilon` of the logit of `targets[b]` (nil: the predicted class) of every sequence.
    func tokenRelevance(_ sequences: [[Int32]], targets: [Int]?, epsilon: Float) -> [TokenRelevance]
}

extension KimCNN: RelevancePropagatingClassifier {
    /// `relevance(_:targets:epsilon:)` (LRP-ε) per token.
    /// - Complexity: see `relevance(_:targets:epsilon:)`.
    public func tokenRelevance(_ sequences: [[Int32]], targets: [Int]?, epsilon: Float) -> [TokenRelevance] {
        relevance(sequences, targets: targets, epsilon: epsilon).map {
            TokenRelevance(target: $0.target, logits: $0.logits, scores: $0.tokenRelevance, biasRelevance: $0.biasRelevance)
        }
    }
}
