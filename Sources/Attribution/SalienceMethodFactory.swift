/// Builds a salience method from its command-line settings (`--method`, `--steps`,
/// `--quadrature`, `--baseline`, `--normalize`), checking each one.
public enum SalienceMethodFactory {
    /// The methods `--method` accepts.
    public static let methodNames = ["grad-l2", "grad-input", "ig"]
    /// The rules `--quadrature` accepts.
    public static let quadratureNames = QuadratureRule.allCases.map(\.rawValue)
    /// The baselines `--baseline` accepts.
    public static let baselineNames = ["zero", "pad", "mask"]

    /// The method called `name`. The integration settings (`steps` ≥ 1, or ≥ 2 for the trapezoid
    /// rule; `quadrature`; `baseline` `zero`, `pad` or `mask`, the latter two being the embedding
    /// of `padID` or `maskID`) are checked and used only for `ig`; `normalization` is `none` or `sum`.
    /// `internalBatchSize` (sequences per gradient call of `ig`) changes speed and memory, never the maps.
    public static func make(name: String, steps: Int = 50, quadrature: String = QuadratureRule.gaussLegendre.rawValue,
                            baseline: String = "zero", padID: Int32, maskID: Int32,
                            normalization: String = "none", internalBatchSize: Int = 512) throws(AttributionError) -> any SalienceMethod {
        guard SalienceNormalization.names.contains(normalization) else {
            throw AttributionError("Unknown --normalize '\(normalization)': use none or sum.")
        }
        switch name {
        case "grad-l2": return GradientL2(normalization: normalization)
        case "grad-input": return GradientTimesInput(normalization: normalization)
        case "ig":
            guard let rule = QuadratureRule(rawValue: quadrature) else {
                throw AttributionError("Unknown --quadrature '\(quadrature)': use \(list(quadratureNames)).")
            }
            guard steps >= 1 else {
                throw AttributionError("--steps must be at least 1 (got \(steps)); Integrated Gradients needs one or more interpolation steps, 50 by default.")
            }
            guard steps >= rule.minimumCount else {
                throw AttributionError("--steps must be at least \(rule.minimumCount) with --quadrature \(quadrature) (got \(steps)); use more steps or another rule.")
            }
            let start: IntegrationBaseline
            switch baseline {
            case "zero": start = .zero
            case "pad", "mask":
                let token = baseline == "pad" ? padID : maskID
                guard token >= 0 else {
                    throw AttributionError("--baseline \(baseline) needs the model's [\(baseline.uppercased())] token, which its vocabulary lacks; use --baseline zero.")
                }
                start = .token(token)
            default:
                throw AttributionError("Unknown --baseline '\(baseline)': use \(list(baselineNames)).")
            }
            return IntegratedGradients(steps: steps, quadrature: rule, baseline: start, baselineName: baseline,
                                       internalBatchSize: internalBatchSize, normalization: normalization)
        default:
            throw AttributionError("Unknown --method '\(name)': use \(list(methodNames)).")
        }
    }

    /// `a, b or c`.
    private static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
