/// Every setting a salience method may read, checked by the method that reads it
/// (`SalienceMethodRegistry`); the CLI's salience flags end up here.
public struct SalienceMethodSettings: Sendable {
    /// Integrated Gradients: interpolation steps.
    public var steps = 50
    /// Integrated Gradients: the quadrature rule's name.
    public var quadrature = QuadratureRule.gaussLegendre.rawValue
    /// Integrated Gradients: `zero`, `pad` or `mask`.
    public var baseline = IntegrationBaselineKind.zero.rawValue
    /// The model's pad token id.
    public var padID: Int32 = 0
    /// The model's mask token id (negative when it has none).
    public var maskID: Int32 = -1
    /// `none` or `sum`.
    public var normalization = SalienceNormalization.none.rawValue
    /// Sequences per model call of the multi-pass methods; changes speed and memory, never the maps.
    public var internalBatchSize = 512
    /// LRP: the ε stabiliser (`LayerwiseRelevance.defaultEpsilon`).
    public var epsilon = LayerwiseRelevance.defaultEpsilon
    /// Occlusion: `mask` or `remove`.
    public var occlusion = OcclusionKind.mask.rawValue
    /// LIME: perturbed samples per example.
    public var samples = LIME.defaultSampleCount
    /// LIME: the seed of the perturbations.
    public var seed: UInt64 = 0
    /// Where words start among word pieces, for the word-level methods (occlusion, LIME).
    public var words = WordPieceWords.everyTokenAWord

    /// Defaults everywhere.
    public init() {}
}
