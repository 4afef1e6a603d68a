/// The baselines Integrated Gradients can start from, by their names in recipes (`zero`, `pad`, `mask`).
public enum IntegrationBaselineKind: String, CaseIterable, Sendable, Codable {
    /// All-zero embeddings.
    case zero
    /// The embedding of the model's `[PAD]` token at every real position.
    case pad
    /// The embedding of the model's `[MASK]` token at every real position.
    case mask

    /// The baseline of this kind for a model whose `[PAD]` and `[MASK]` ids are `padID` and
    /// `maskID` (negative when its vocabulary lacks the token); nil when the token it needs is missing.
    public func baseline(padID: Int32, maskID: Int32) -> IntegrationBaseline? {
        switch self {
        case .zero: return .zero
        case .pad: return padID >= 0 ? .token(padID) : nil
        case .mask: return maskID >= 0 ? .token(maskID) : nil
        }
    }
}
