import Foundation
import LinearAlgebra
import Models

/// Grad-L2 salience (METHOD.md §2; the paper's default): the score of token `i` is the
/// Euclidean norm of `∂ f_c / ∂ e_i`, the gradient of the target logit with respect to the
/// token's input embedding. Unsigned.
public struct GradientL2: SalienceMethod {
    /// `grad-l2`.
    public let name = "grad-l2"
    /// `none` or `sum`.
    public let normalization: String

    /// The method with the given score normalisation (`none` or `sum`).
    public init(normalization: String = "none") {
        precondition(SalienceNormalization.names.contains(normalization),
                     "Unknown normalization '\(normalization)'; expected one of \(SalienceNormalization.names)")
        self.normalization = normalization
    }

    /// One forward and one backward pass for the whole batch.
    /// - Complexity: one gradient pass of the model over `batch`, plus O(batchSize × sequenceLength × d).
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        guard batch.batchSize > 0 else { return [] }
        let embedded = model.embed(batch)
        let result = model.inputGradient(embedded: embedded, batch: batch) { targets.targets(logits: $0, labels: labels) }
        var probabilities = result.logits
        softmaxRows(&probabilities)
        let predictions = largestIndices(result.logits)
        let dimension = result.gradient.columnCount
        return result.gradient.values.withUnsafeBufferPointer { gradient in
            (0..<batch.batchSize).map { sequence in
                let length = batch.lengths[sequence]
                var scores = [Float](unsafeUninitializedCapacity: length) { buffer, initialized in
                    for position in 0..<length {
                        let row = gradient.baseAddress! + (sequence * batch.sequenceLength + position) * dimension
                        var sum: Float = 0
                        for column in 0..<dimension { sum += row[column] * row[column] }
                        buffer[position] = sum.squareRoot()
                    }
                    initialized = length
                }
                SalienceNormalization.apply(normalization, to: &scores)
                let target = result.targets[sequence], prediction = predictions[sequence]
                return SalienceMap(tokenIDs: batch.sequence(sequence), scores: scores, target: target,
                                   targetLogit: result.logits[sequence, target], prediction: prediction,
                                   probability: probabilities[sequence, prediction])
            }
        }
    }

    /// The recipe of these maps: `grad-l2`, the target rule's name, this normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
    }
}
