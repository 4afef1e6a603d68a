/// The registry entries of the gradient family (Grad-L2, Grad×Input, Integrated Gradients).
extension GradientL2 {
    /// `grad-l2`.
    public static let entry = SalienceMethodEntry(name: "grad-l2", summary: "the L2 norm of the target logit's gradient per token") {
        GradientL2(normalization: $0.normalization)
    }
}

extension GradientTimesInput {
    /// `grad-input`.
    public static let entry = SalienceMethodEntry(name: "grad-input", summary: "the gradient dotted with the token's embedding") {
        GradientTimesInput(normalization: $0.normalization)
    }
}

extension IntegratedGradients {
    /// `ig`, checking the quadrature rule, the step count and the baseline.
    public static let entry = SalienceMethodEntry(name: "ig", summary: "Integrated Gradients from a baseline") { settings throws(AttributionError) in
        let quadrature = settings.quadrature, steps = settings.steps, baseline = settings.baseline
        guard let rule = QuadratureRule(rawValue: quadrature) else {
            throw AttributionError("The quadrature rule '\(quadrature)' is unknown; use \(SalienceMethodFactory.list(SalienceMethodFactory.quadratureNames)).")
        }
        guard steps >= rule.minimumCount else {
            throw AttributionError("Integrated Gradients with the \(quadrature) rule needs at least \(rule.minimumCount) interpolation step\(rule.minimumCount == 1 ? "" : "s"), got \(steps); use more steps (50 by default)\(rule.minimumCount > 1 ? " or another rule" : "").")
        }
        guard let baselineKind = IntegrationBaselineKind(rawValue: baseline) else {
            throw AttributionError("The integration baseline '\(baseline)' is unknown; use \(SalienceMethodFactory.list(SalienceMethodFactory.baselineNames)).")
        }
        guard let start = baselineKind.baseline(padID: settings.padID, maskID: settings.maskID) else {
            throw AttributionError("The \(baseline) baseline needs the model's [\(baseline.uppercased())] token, which its vocabulary lacks; use the zero baseline.")
        }
        return IntegratedGradients(steps: steps, quadrature: rule, baseline: start, baselineName: baseline,
                                   internalBatchSize: settings.internalBatchSize, normalization: settings.normalization)
    }
}
