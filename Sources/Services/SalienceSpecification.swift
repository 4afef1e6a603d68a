import Attribution
import Models
import Workspace

/// A salience method with its parameters (method, target, normalisation, and for Integrated
/// Gradients steps, quadrature and baseline), as stored with the maps it produced.
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
    /// The ε stabiliser (LRP only).
    public var epsilon: Float = LayerwiseRelevance.defaultEpsilon
    /// `mask` or `remove` (occlusion only).
    public var occlusion: String = OcclusionKind.mask.rawValue
    /// Perturbations per example (LIME only).
    public var samples: Int = LIME.defaultSampleCount
    /// The perturbation seed (LIME only).
    public var seed: UInt64 = 0

    /// The methods this build computes.
    public static let availableMethods = SalienceMethodFactory.methodNames

    /// A specification with default parameters for `method`.
    public init(method: String) { self.method = method }

    /// Whether the method integrates along a path (and so has steps, quadrature and baseline).
    public var integrates: Bool { method == "ig" }

    /// A short human name: `grad-l2`, or `ig-50` for Integrated Gradients.
    /// `lime-1000` for LIME, `occlusion-remove` for occlusion, `lrp-0.01` for LRP with a non-default ε.
    public var displayName: String {
        switch method {
        case "ig": "\(method)-\(steps)"
        case "lime": "\(method)-\(samples)"
        case "occlusion": "\(method)-\(occlusion)"
        case "lrp" where epsilon != LayerwiseRelevance.defaultEpsilon: "\(method)-\(epsilon)"
        default: method
        }
    }

    /// The stored recipe of this specification for a model.
    public func recipe(modelFingerprint: String) -> SalienceRecipe {
        var recipe = SalienceRecipe(method: method, target: target, steps: integrates ? steps : nil, quadrature: integrates ? quadrature : nil,
                                    baseline: integrates ? baseline : nil, normalization: normalization, modelFingerprint: modelFingerprint)
        if method == "lrp" { recipe.epsilon = epsilon }
        if method == "occlusion" { recipe.occlusion = occlusion }
        if method == "lime" { (recipe.samples, recipe.seed) = (samples, seed) }
        return recipe
    }

    /// The specification a stored recipe was made from.
    public init(recipe: SalienceRecipe) {
        self.method = recipe.method
        self.target = recipe.target
        self.normalization = recipe.normalization
        if let steps = recipe.steps { self.steps = steps }
        if let quadrature = recipe.quadrature { self.quadrature = quadrature }
        if let baseline = recipe.baseline { self.baseline = baseline }
        if let epsilon = recipe.epsilon { self.epsilon = epsilon }
        if let occlusion = recipe.occlusion { self.occlusion = occlusion }
        if let samples = recipe.samples { self.samples = samples }
        if let seed = recipe.seed { self.seed = seed }
    }

    /// Checks every setting; the error names the setting and its value.
    public func validate(classes: [String]) throws(WorkspaceError) {
        _ = try makeMethod(padID: 0, maskID: 0)
        guard target == "prediction" || target == "label" || classes.contains(target) else {
            let names = classes.joined(separator: ", ")
            throw WorkspaceError("The salience target \(target) is neither prediction, label nor a class name (\(names)).",
                                 nextStep: .chooseValue(parameter: "target", advice: "prediction, label or one of \(names)"))
        }
    }

    /// The attribution method object, with the model's pad and mask tokens for the `pad` / `mask` baselines.
    func makeMethod(padID: Int32, maskID: Int32, internalBatchSize: Int = 512,
                    words: WordPieceWords = .everyTokenAWord) throws(WorkspaceError) -> any SalienceMethod {
        do {
            return try SalienceMethodFactory.make(name: method, steps: steps, quadrature: quadrature, baseline: baseline,
                                                  padID: padID, maskID: maskID, normalization: normalization,
                                                  internalBatchSize: internalBatchSize, epsilon: epsilon, occlusion: occlusion,
                                                  samples: samples, seed: seed, words: words)
        } catch {
            throw WorkspaceError(error.message, nextStep: error.nextStep)
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
