import Attribution
import Models

/// A salience method with its parameters, as the CLI names it (`--method`, `--steps`, `--baseline`, …).
public struct SalienceSpecification: Sendable, Equatable {
    /// `grad-l2`.
    public var method: String
    /// `prediction`, `label` or a class name.
    public var target: String = "prediction"
    /// `none` or `sum` (scores of an example sum to 1).
    public var normalization: String = "none"

    /// The methods this build computes.
    public static let availableMethods = ["grad-l2"]

    /// A specification with default parameters for `method`.
    public init(method: String) { self.method = method }

    /// The stored recipe of this specification for a model.
    public func recipe(modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: method, target: target, steps: nil, quadrature: nil, baseline: nil,
                       normalization: normalization, modelFingerprint: modelFingerprint)
    }

    /// Checks the method name and target against what this build knows.
    public func validate(classes: [String]) throws(WorkspaceError) {
        guard Self.availableMethods.contains(method) else {
            throw WorkspaceError("--method \(method) is unknown; choose one of \(Self.availableMethods.joined(separator: ", ")).")
        }
        guard target == "prediction" || target == "label" || classes.contains(target) else {
            throw WorkspaceError("--target \(target) is unknown; use prediction, label or a class name (\(classes.joined(separator: ", "))).")
        }
        guard normalization == "none" || normalization == "sum" else {
            throw WorkspaceError("--normalize \(normalization) is unknown; use none or sum.")
        }
    }

    /// The attribution method object.
    func makeMethod() -> any SalienceMethod { GradientL2(normalization: normalization) }

    /// The target rule for the attributor.
    func targetRule(classes: [String]) -> TargetRule {
        switch target {
        case "prediction": .prediction
        case "label": .label
        default: .classIndex(classes.firstIndex(of: target)!)
        }
    }
}
