/// The salience methods this package computes, by their names in recipes (`grad-l2`, `grad-input`, `ig`, `lrp`,
/// `occlusion`, `lime`, `decomposition`); `SalienceMethodRegistry` builds them.
public enum SalienceMethodKind: String, CaseIterable, Sendable, Codable {
    /// Grad-L2: the L2 norm of the target logit's gradient with respect to each token's embedding.
    case gradientL2 = "grad-l2"
    /// Grad×Input: the dot product of that gradient with the token's embedding.
    case gradientTimesInput = "grad-input"
    /// Integrated Gradients: Grad×Input integrated along the path from a baseline to the input.
    case integratedGradients = "ig"
    /// Layer-wise relevance propagation (ε-rule; BERT with constant LayerNorm scale and attention).
    case layerwiseRelevance = "lrp"
    /// Leave one word out (masked or removed): the drop of p(target).
    case occlusion
    /// LIME: a weighted ridge fit to p(target) on random word removals.
    case lime
    /// The CNN's exact per-token decomposition of the target logit.
    case decomposition
}
