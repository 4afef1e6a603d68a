import Foundation
import LinearAlgebra
import Models

/// Layer-wise relevance propagation (docs/METHOD.md, "LRP"): the target logit is passed down the
/// network with the ε-rule (the CNN) or with LayerNorm scale and attention weights held constant
/// (BERT, Ali et al. 2022), ending in one relevance per token. Signed. The conservation gap
/// (logit − what the biases absorbed − Σ scores) is stored with every map as its δ, the bias share
/// as its baseline logit.
public struct LayerwiseRelevance: SalienceMethod {
    /// `lrp`.
    public let name = "lrp"
    /// The ε stabiliser.
    public let epsilon: Float
    /// `none` or `sum`.
    public let normalization: String

    /// 1e-7, FIND's setting (the CNN paper this package reproduces ran LRP-ε with ε = 10⁻⁷ through
    /// iNNvestigate): it only guards near-zero denominators, so on the CNN the result is LRP-0
    /// (equal to Grad×Input) wherever a unit is clearly on. Larger values (0.01–1) damp weak paths.
    public static let defaultEpsilon: Float = 1e-7

    /// `lrp`, checking that ε is finite and not negative.
    public static let entry = SalienceMethodEntry(name: "lrp", summary: "layer-wise relevance propagation (ε-rule)") { settings throws(AttributionError) in
        guard settings.epsilon.isFinite, settings.epsilon >= 0 else {
            throw AttributionError("The LRP stabiliser ε must be a finite number ≥ 0, got \(settings.epsilon); use 1e-7 (the default) or a small positive value.")
        }
        return LayerwiseRelevance(epsilon: settings.epsilon, normalization: settings.normalization)
    }

    /// The method with stabiliser `epsilon` ≥ 0.
    public init(epsilon: Float = defaultEpsilon, normalization: String = "none") {
        precondition(epsilon >= 0, "ε must be non-negative, got \(epsilon)")
        SalienceNormalization.requireKnown(normalization)
        (self.epsilon, self.normalization) = (epsilon, normalization)
    }

    /// Needs `RelevancePropagatingClassifier`.
    public var requirement: ModelRequirement { .relevancePropagation }

    /// One relevance pass per batch.
    /// - Complexity: about one gradient pass of the model over `batch`.
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        guard let model = model as? any RelevancePropagatingClassifier else { preconditionFailure(refusal(for: model) ?? "lrp needs relevance propagation") }
        let sequences = (0..<batch.batchSize).map(batch.sequence)
        let results = model.tokenRelevance(sequences, targets: targets.fixedTargets(count: sequences.count, labels: labels), epsilon: epsilon)
        return zip(sequences, results).map { sequence, result in
            var scores = result.scores
            SalienceNormalization.apply(normalization, to: &scores)
            return SalienceMap(logits: result.logits, tokenIDs: sequence, scores: scores, target: result.target,
                               baselineLogit: result.biasRelevance, delta: result.conservationGap)
        }
    }

    /// The recipe: `lrp`, the target, ε and the normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        var recipe = SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
        recipe.epsilon = epsilon
        return recipe
    }
}

extension TargetRule {
    /// The class of every example when the rule fixes it (`label`, a class), nil for `prediction`.
    func fixedTargets(count: Int, labels: [Int]?) -> [Int]? {
        switch self {
        case .prediction: return nil
        case .label:
            guard let labels else { preconditionFailure("The label target rule needs labels") }
            return labels
        case .classIndex(let index): return Array(repeating: index, count: count)
        }
    }
}

extension SalienceMap {
    /// A map whose prediction and probability come from the example's `logits` (`[classCount]`).
    init(logits: [Float], tokenIDs: [Int32], scores: [Float], target: Int, baselineLogit: Float? = nil, delta: Float? = nil) {
        var prediction = 0
        for index in logits.indices where logits[index] > logits[prediction] { prediction = index }
        let largest = logits[prediction]
        let total = logits.reduce(Float(0)) { $0 + expf($1 - largest) }
        self.init(tokenIDs: tokenIDs, scores: scores, target: target, targetLogit: logits[target], prediction: prediction,
                  probability: 1 / total, baselineLogit: baselineLogit, delta: delta)
    }
}
