import LinearAlgebra
import Models

/// A test-only linear classifier whose attributions are known in closed form:
/// `logit_c = Σ_{positions i} e_i · W[:, c] + bias_c`, so `∂ logit_c / ∂ e_i = W[:, c]` at every
/// real position and Integrated Gradients must give exactly `(e_i − b_i) · W[:, c]`.
/// It also records every gradient call, to check how Integrated Gradients batches its steps.
final class LinearTestClassifier: TextClassifier {
    let classCount: Int
    let embeddingDimension: Int
    let embeddingTable: Matrix
    /// `[d, classCount]`.
    let weights: Matrix
    /// `[classCount]`.
    let bias: [Float]
    /// The padded length of the batch of every `inputGradient` call, with its sequence count and targets.
    private(set) var gradientCalls: [(sequenceCount: Int, sequenceLength: Int, targets: [Int])] = []

    init(vocabularySize: Int = 12, embeddingDimension: Int = 5, classCount: Int = 3, seed: UInt64 = 11) {
        var generator = SplitMix64(seed: seed)
        self.classCount = classCount
        self.embeddingDimension = embeddingDimension
        embeddingTable = Matrix(rowCount: vocabularySize, columnCount: embeddingDimension,
                                values: (0..<(vocabularySize * embeddingDimension)).map { _ in generator.nextNormal() })
        weights = Matrix(rowCount: embeddingDimension, columnCount: classCount,
                         values: (0..<(embeddingDimension * classCount)).map { _ in generator.nextNormal() })
        bias = (0..<classCount).map { _ in generator.nextNormal() }
    }

    var fingerprint: String { "linear-test-classifier" }
    var minimumSequenceLength: Int { 1 }

    func embed(_ batch: TokenBatch) -> Matrix {
        var result = Matrix(rowCount: batch.batchSize * batch.sequenceLength, columnCount: embeddingDimension)
        for sequence in 0..<batch.batchSize {
            for position in 0..<batch.lengths[sequence] {
                let row = sequence * batch.sequenceLength + position
                for column in 0..<embeddingDimension {
                    result[row, column] = embeddingTable[Int(batch.tokenIDs[row]), column]
                }
            }
        }
        return result
    }

    func features(_ batch: TokenBatch) -> Matrix { summed(embed(batch), batch: batch) }

    func logits(embedded: Matrix, batch: TokenBatch) -> Matrix {
        var result = summed(embedded, batch: batch).multiplied(by: weights)
        for row in 0..<batch.batchSize {
            for column in 0..<classCount { result[row, column] += bias[column] }
        }
        return result
    }

    func inputGradient(embedded: Matrix, batch: TokenBatch, targets: [Int]) -> (logits: Matrix, gradient: Matrix) {
        precondition(targets.count == batch.batchSize, "Expected \(batch.batchSize) targets, got \(targets.count)")
        gradientCalls.append((batch.batchSize, batch.sequenceLength, targets))
        var gradient = Matrix(rowCount: embedded.rowCount, columnCount: embeddingDimension)
        for sequence in 0..<batch.batchSize {
            for position in 0..<batch.lengths[sequence] {
                for column in 0..<embeddingDimension {
                    gradient[sequence * batch.sequenceLength + position, column] = weights[column, targets[sequence]]
                }
            }
        }
        return (logits(embedded: embedded, batch: batch), gradient)
    }

    /// The exact logit of class `target` for one embedded sequence given as rows, in Double.
    func exactLogit(rows: [[Double]], target: Int) -> Double {
        var total = Double(bias[target])
        for row in rows {
            for column in 0..<embeddingDimension { total += row[column] * Double(weights[column, target]) }
        }
        return total
    }

    /// Σ of the real rows of every sequence, `[batchSize, d]`.
    private func summed(_ embedded: Matrix, batch: TokenBatch) -> Matrix {
        precondition(embedded.rowCount == batch.batchSize * batch.sequenceLength && embedded.columnCount == embeddingDimension,
                     "Embedded batch must be [\(batch.batchSize * batch.sequenceLength), \(embeddingDimension)], got [\(embedded.rowCount), \(embedded.columnCount)]")
        var result = Matrix(rowCount: batch.batchSize, columnCount: embeddingDimension)
        for sequence in 0..<batch.batchSize {
            for position in 0..<batch.lengths[sequence] {
                for column in 0..<embeddingDimension {
                    result[sequence, column] += embedded[sequence * batch.sequenceLength + position, column]
                }
            }
        }
        return result
    }
}
