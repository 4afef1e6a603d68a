import Foundation
import LinearAlgebra
import Models

/// Grad-L2 salience (docs/METHOD.md §4.2; the paper's default): the score of token `i` is the
/// Euclidean norm of `∂ f_c / ∂ e_i`, the gradient of the target logit with respect to the
/// token's input embedding. Unsigned.
public struct GradientL2: SalienceMethod {
    /// `grad-l2`.
    public let name = "grad-l2"
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
        GradientMaps.make(model: model, batch: batch, targets: targets, labels: labels, normalization: normalization) { gradient, _, dimension in
            var sum: Float = 0
            for column in 0..<dimension { sum += gradient[column] * gradient[column] }
            return sum.squareRoot()
        }
    }

    /// The recipe of these maps: `grad-l2`, the target rule's name, this normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
    }
}
