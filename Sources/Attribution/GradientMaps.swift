import LinearAlgebra
import Models

/// The shared body of the single-pass gradient methods (Grad-L2, Grad×Input): one forward and
/// one backward pass for the whole batch, then one score per token from the token's gradient
/// row and input embedding row.
enum GradientMaps {
    /// One map per sequence of `batch`; token `i` scores `score(gradientRow, inputRow, d)`.
    /// - Complexity: one gradient pass of the model over `batch`, plus O(batchSize × sequenceLength × d).
    static func make(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?, normalization: String,
                     score: (UnsafePointer<Float>, UnsafePointer<Float>, Int) -> Float) -> [SalienceMap] {
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
                            buffer[position] = score(gradient.baseAddress! + offset, input.baseAddress! + offset, dimension)
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
}
