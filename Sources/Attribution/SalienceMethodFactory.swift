/// Builds a salience method from its recipe settings (method, steps, quadrature, baseline,
/// normalisation, ε, occlusion, samples, seed), checking each one; the CLI's `--method`, `--steps`,
/// `--quadrature`, `--baseline`, `--normalize`, `--epsilon`, `--occlusion`, `--samples` and `--seed`
/// end up here. The methods themselves are listed in `SalienceMethodRegistry`.
public enum SalienceMethodFactory {
    /// The built-in method names.
    public static var methodNames: [String] { SalienceMethodRegistry.entries.map(\.name) }
    /// The quadrature rule names.
    public static let quadratureNames = QuadratureRule.allCases.map(\.rawValue)
    /// The integration baseline names.
    public static let baselineNames = IntegrationBaselineKind.allCases.map(\.rawValue)

    /// The method called `name`. The integration settings (`steps` ≥ 1, or ≥ 2 for the trapezoid
    /// rule; `quadrature`; `baseline` `zero`, `pad` or `mask`, the latter two being the embedding
    /// of `padID` or `maskID`) are checked and used only for `ig`; `epsilon` only for `lrp`;
    /// `occlusion` only for `occlusion`; `samples` and `seed` only for `lime`; `normalization` is
    /// `none` or `sum`. `internalBatchSize` (sequences per model call of the multi-pass methods)
    /// changes speed and memory, never the maps.
    public static func make(name: String, steps: Int = 50, quadrature: String = QuadratureRule.gaussLegendre.rawValue,
                            baseline: String = IntegrationBaselineKind.zero.rawValue, padID: Int32, maskID: Int32,
                            normalization: String = SalienceNormalization.none.rawValue,
                            internalBatchSize: Int = 512, epsilon: Float = LayerwiseRelevance.defaultEpsilon,
                            occlusion: String = OcclusionKind.mask.rawValue, samples: Int = LIME.defaultSampleCount,
                            seed: UInt64 = 0, words: WordPieceWords = .everyTokenAWord) throws(AttributionError) -> any SalienceMethod {
        guard SalienceNormalization(rawValue: normalization) != nil else {
            throw AttributionError("The score normalisation '\(normalization)' is unknown; use \(list(SalienceNormalization.names)).")
        }
        guard let entry = SalienceMethodRegistry.entry(named: name) else {
            throw AttributionError("The salience method '\(name)' is unknown; the built-in methods are \(list(methodNames)).")
        }
        var settings = SalienceMethodSettings()
        (settings.steps, settings.quadrature, settings.baseline) = (steps, quadrature, baseline)
        (settings.padID, settings.maskID, settings.normalization, settings.internalBatchSize) = (padID, maskID, normalization, internalBatchSize)
        (settings.epsilon, settings.occlusion, settings.samples, settings.seed, settings.words) = (epsilon, occlusion, samples, seed, words)
        return try entry.make(settings)
    }

    /// `a, b or c`.
    static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
