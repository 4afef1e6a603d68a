/// The salience methods this package computes, by their names in recipes (`grad-l2`, `grad-input`, `ig`).
public enum SalienceMethodKind: String, CaseIterable, Sendable, Codable {
    /// Grad-L2: the L2 norm of the target logit's gradient with respect to each token's embedding.
    case gradientL2 = "grad-l2"
    /// Grad×Input: the dot product of that gradient with the token's embedding.
    case gradientTimesInput = "grad-input"
    /// Integrated Gradients: Grad×Input integrated along the path from a baseline to the input.
    case integratedGradients = "ig"
}
