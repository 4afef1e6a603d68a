import LinearAlgebra
import Models

/// Grad×Input salience (docs/METHOD.md §4.3): the score of token `i` is `Σ_d (∂ f_c / ∂ e_id) · e_id`,
/// the gradient of the target logit with respect to the token's input embedding dotted with
/// that embedding. Signed.
public struct GradientTimesInput: SalienceMethod {
    /// `grad-input`.
    public let name = "grad-input"
    /// `none` or `sum`.
    public let normalization: String

    /// The method with the given score normalisation (`none` or `sum`).
    public init(normalization: String = "none") {
        SalienceNormalization.requireKnown(normalization)
        self.normalization = normalization
    }

    /// One forward and one backward pass for the whole batch.
    /// - Complexity: one gradient pass of the model over `batch`, plus O(batchSize × sequenceLength × d).
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        GradientMaps.make(model: model, batch: batch, targets: targets, labels: labels, normalization: normalization) { gradient, input, dimension in
            var sum: Float = 0
            for column in 0..<dimension { sum += gradient[column] * input[column] }
            return sum
        }
    }

    /// The recipe of these maps: `grad-input`, the target rule's name, this normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
    }
}
