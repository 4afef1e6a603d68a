import Attribution
import Models

/// A salience method with its parameters, as the CLI names them (`--method`, `--steps`,
/// `--quadrature`, `--baseline`, `--target`, `--normalize`).
public struct SalienceSpecification: Sendable, Equatable {
    /// `grad-l2`, `grad-input` or `ig`.
    public var method: String
    /// `prediction`, `label` or a class name.
    public var target: String = "prediction"
    /// `none` or `sum` (scores of an example sum to 1).
    public var normalization: String = "none"
    /// Integration steps (Integrated Gradients only).
    public var steps: Int = 50
    /// Quadrature rule (Integrated Gradients only).
    public var quadrature: String = "gauss-legendre"
    /// `zero`, `pad` or `mask` (Integrated Gradients only).
    public var baseline: String = "zero"

    /// The methods this build computes.
    public static let availableMethods = SalienceMethodFactory.methodNames

    /// A specification with default parameters for `method`.
    public init(method: String) { self.method = method }

    /// Whether the method integrates along a path (and so has steps, quadrature and baseline).
    public var integrates: Bool { method == "ig" }

    /// A short human name: `grad-l2`, or `ig-50` for Integrated Gradients.
    public var displayName: String { integrates ? "\(method)-\(steps)" : method }

    /// The stored recipe of this specification for a model.
    public func recipe(modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: method, target: target, steps: integrates ? steps : nil, quadrature: integrates ? quadrature : nil,
                       baseline: integrates ? baseline : nil, normalization: normalization, modelFingerprint: modelFingerprint)
    }

    /// The specification a stored recipe was made from.
    public init(recipe: SalienceRecipe) {
        self.method = recipe.method
        self.target = recipe.target
        self.normalization = recipe.normalization
        if let steps = recipe.steps { self.steps = steps }
        if let quadrature = recipe.quadrature { self.quadrature = quadrature }
        if let baseline = recipe.baseline { self.baseline = baseline }
    }

    /// Checks every setting; the error names the flag.
    public func validate(classes: [String]) throws(WorkspaceError) {
        _ = try makeMethod(padID: 0, maskID: 0)
        guard target == "prediction" || target == "label" || classes.contains(target) else {
            throw WorkspaceError("--target \(target) is unknown; use prediction, label or a class name (\(classes.joined(separator: ", "))).")
        }
    }

    /// The attribution method object, with the model's pad and mask tokens for the `pad` / `mask` baselines.
    func makeMethod(padID: Int32, maskID: Int32, internalBatchSize: Int = 512) throws(WorkspaceError) -> any SalienceMethod {
        do {
            return try SalienceMethodFactory.make(name: method, steps: steps, quadrature: quadrature, baseline: baseline,
                                                  padID: padID, maskID: maskID, normalization: normalization,
                                                  internalBatchSize: internalBatchSize)
        } catch {
            throw WorkspaceError(error.message)
        }
    }

    /// The target rule for the attributor.
    func targetRule(classes: [String]) -> TargetRule {
        switch target {
        case "prediction": .prediction
        case "label": .label
        default: .classIndex(classes.firstIndex(of: target)!)
        }
    }
}
