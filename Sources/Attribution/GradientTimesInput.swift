import LinearAlgebra
import Models

/// Grad×Input salience (METHOD.md §2): the score of token `i` is `Σ_d (∂ f_c / ∂ e_id) · e_id`,
/// the gradient of the target logit with respect to the token's input embedding dotted with
/// that embedding. Signed.
public struct GradientTimesInput: SalienceMethod {
    /// `grad-input`.
    public let name = "grad-input"
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
        let dimension = embedded.columnCount
        precondition(result.gradient.rowCount == embedded.rowCount && result.gradient.columnCount == dimension,
                     "Gradient is [\(result.gradient.rowCount), \(result.gradient.columnCount)], input [\(embedded.rowCount), \(dimension)]")
        return embedded.values.withUnsafeBufferPointer { input in
            result.gradient.values.withUnsafeBufferPointer { gradient in
                (0..<batch.batchSize).map { sequence in
                    let length = batch.lengths[sequence]
                    var scores = [Float](unsafeUninitializedCapacity: length) { buffer, initialized in
                        for position in 0..<length {
                            let offset = (sequence * batch.sequenceLength + position) * dimension
                            var sum: Float = 0
                            for column in 0..<dimension { sum += gradient[offset + column] * input[offset + column] }
                            buffer[position] = sum
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
    }

    /// The recipe of these maps: `grad-input`, the target rule's name, this normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
    }
}
