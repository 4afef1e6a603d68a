/// Everything that determines a stored salience map besides the input: method, target rule,
/// integration settings, normalisation and the model's fingerprint (docs/METHOD.md §4.6).
public struct SalienceRecipe: Codable, Sendable, Equatable, Hashable {
    /// `grad-l2`, `grad-input` or `ig`.
    public var method: String
    /// `prediction`, `label` or a class name.
    public var target: String
    /// Integration steps (Integrated Gradients only).
    public var steps: Int?
    /// Quadrature rule (Integrated Gradients only).
    public var quadrature: String?
    /// Baseline (Integrated Gradients only): `zero`, `pad` or `mask`.
    public var baseline: String?
    /// `none` or `sum` (scores divided by their sum per example).
    public var normalization: String
    /// The `TextClassifier.fingerprint` of the model explained.
    public var modelFingerprint: String
    /// LRP only: the ε stabiliser.
    public var epsilon: Float?
    /// Occlusion only: `mask` or `remove`.
    public var occlusion: String?
    /// LIME only: perturbed samples per example.
    public var samples: Int?
    /// LIME only: the perturbation seed.
    public var seed: UInt64?

    /// A recipe; the integration fields stay nil for gradient methods.
    public init(method: String, target: String, steps: Int? = nil, quadrature: String? = nil, baseline: String? = nil,
                normalization: String, modelFingerprint: String) {
        self.method = method
        self.target = target
        self.steps = steps
        self.quadrature = quadrature
        self.baseline = baseline
        self.normalization = normalization
        self.modelFingerprint = modelFingerprint
    }
}
