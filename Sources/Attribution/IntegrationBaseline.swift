import LinearAlgebra
import Models

/// The reference input `b` that Integrated Gradients integrates from (docs/METHOD.md §4.4).
public enum IntegrationBaseline: Sendable, Equatable, Hashable {
    /// All-zero embeddings (the default).
    case zero
    /// The embedding row of one token id (`[PAD]` or `[MASK]`) at every real position of a
    /// sequence; positions past a sequence's length stay zero like any padding.
    case token(Int32)

    /// The baseline of `batch`, `[batchSize * sequenceLength, d]`, laid out like `model.embed(batch)`.
    /// - Complexity: O(batchSize × sequenceLength × d).
    public func embedded(for batch: TokenBatch, model: any TextClassifier) -> Matrix {
        let dimension = model.embeddingDimension
        var result = Matrix(rowCount: batch.batchSize * batch.sequenceLength, columnCount: dimension)
        guard case .token(let token) = self else { return result }
        let table = model.embeddingTable
        precondition(table.columnCount == dimension, "Embedding table is [\(table.rowCount), \(table.columnCount)] but the model's inputs are \(dimension) wide")
        precondition(token >= 0 && Int(token) < table.rowCount, "Baseline token id \(token) outside the vocabulary 0..<\(table.rowCount)")
        table.values.withUnsafeBufferPointer { table in
            result.values.withUnsafeMutableBufferPointer { target in
                let source = table.baseAddress! + Int(token) * dimension
                for sequence in 0..<batch.batchSize {
                    for position in 0..<batch.lengths[sequence] {
                        (target.baseAddress! + (sequence * batch.sequenceLength + position) * dimension).update(from: source, count: dimension)
                    }
                }
            }
        }
        return result
    }
}
