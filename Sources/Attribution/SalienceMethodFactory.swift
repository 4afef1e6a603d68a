/// Builds a salience method from its recipe settings (method, steps, quadrature, baseline,
/// normalisation), checking each one; the CLI's `--method`, `--steps`, `--quadrature`,
/// `--baseline` and `--normalize` end up here.
public enum SalienceMethodFactory {
    /// The built-in method names.
    public static let methodNames = SalienceMethodKind.allCases.map(\.rawValue)
    /// The quadrature rule names.
    public static let quadratureNames = QuadratureRule.allCases.map(\.rawValue)
    /// The integration baseline names.
    public static let baselineNames = IntegrationBaselineKind.allCases.map(\.rawValue)

    /// The method called `name`. The integration settings (`steps` ≥ 1, or ≥ 2 for the trapezoid
    /// rule; `quadrature`; `baseline` `zero`, `pad` or `mask`, the latter two being the embedding
    /// of `padID` or `maskID`) are checked and used only for `ig`; `normalization` is `none` or `sum`.
    /// `internalBatchSize` (sequences per gradient call of `ig`) changes speed and memory, never the maps.
    public static func make(name: String, steps: Int = 50, quadrature: String = QuadratureRule.gaussLegendre.rawValue,
                            baseline: String = IntegrationBaselineKind.zero.rawValue, padID: Int32, maskID: Int32,
                            normalization: String = SalienceNormalization.none.rawValue,
                            internalBatchSize: Int = 512) throws(AttributionError) -> any SalienceMethod {
        guard SalienceNormalization(rawValue: normalization) != nil else {
            throw AttributionError("The score normalisation '\(normalization)' is unknown; use \(list(SalienceNormalization.names)).")
        }
        guard let kind = SalienceMethodKind(rawValue: name) else {
            throw AttributionError("The salience method '\(name)' is unknown; the built-in methods are \(list(methodNames)).")
        }
        switch kind {
        case .gradientL2: return GradientL2(normalization: normalization)
        case .gradientTimesInput: return GradientTimesInput(normalization: normalization)
        case .integratedGradients:
            guard let rule = QuadratureRule(rawValue: quadrature) else {
                throw AttributionError("The quadrature rule '\(quadrature)' is unknown; use \(list(quadratureNames)).")
            }
            guard steps >= rule.minimumCount else {
                throw AttributionError("Integrated Gradients with the \(quadrature) rule needs at least \(rule.minimumCount) interpolation step\(rule.minimumCount == 1 ? "" : "s"), got \(steps); use more steps (50 by default)\(rule.minimumCount > 1 ? " or another rule" : "").")
            }
            guard let baselineKind = IntegrationBaselineKind(rawValue: baseline) else {
                throw AttributionError("The integration baseline '\(baseline)' is unknown; use \(list(baselineNames)).")
            }
            guard let start = baselineKind.baseline(padID: padID, maskID: maskID) else {
                throw AttributionError("The \(baseline) baseline needs the model's [\(baseline.uppercased())] token, which its vocabulary lacks; use the zero baseline.")
            }
            return IntegratedGradients(steps: steps, quadrature: rule, baseline: start, baselineName: baseline,
                                       internalBatchSize: internalBatchSize, normalization: normalization)
        }
    }

    /// `a, b or c`.
    private static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
