import LinearAlgebra

/// Batches of sequence indices in order of length (ties by index), at most `batchSize` each, so
/// that a padded batch carries little padding.
/// - Complexity: O(n log n).
public func lengthSortedBatches(lengths: [Int], batchSize: Int) -> [[Int]] {
    precondition(batchSize > 0, "Batch size must be positive, got \(batchSize)")
    let order = lengths.indices.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
    return stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, order.count)]) }
}

extension TextClassifier {
    /// `compute` applied to length-sorted batches of `sequences`, its rows put back in input order:
    /// `[sequences.count, width]`, the width `compute`'s (`emptyWidth` when there are no sequences).
    /// - Complexity: one `compute` call per batch.
    public func rowsInLengthSortedBatches(of sequences: [[Int32]], batchSize: Int, emptyWidth: Int = 0,
                                          _ compute: (TokenBatch) -> Matrix) -> Matrix {
        var result = Matrix(rowCount: sequences.count, columnCount: emptyWidth)
        for (number, indices) in lengthSortedBatches(lengths: sequences.map(\.count), batchSize: batchSize).enumerated() {
            let rows = compute(batch(indices.map { sequences[$0] }))
            precondition(rows.rowCount == indices.count, "\(rows.rowCount) rows for a batch of \(indices.count)")
            if number == 0 { result = Matrix(rowCount: sequences.count, columnCount: rows.columnCount) }
            let width = rows.columnCount
            precondition(width == result.columnCount, "Batches gave \(width) and \(result.columnCount) columns")
            for (row, index) in indices.enumerated() {
                result.values.replaceSubrange((index * width)..<((index + 1) * width), with: rows.values[(row * width)..<((row + 1) * width)])
            }
        }
        return result
    }

    /// Class probabilities of many sequences, batched by length; `[sequences.count, classCount]`.
    /// - Complexity: one forward pass per sequence.
    public func probabilities(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
        rowsInLengthSortedBatches(of: sequences, batchSize: batchSize, emptyWidth: classCount) { probabilities($0) }
    }

    /// The classifier's own representation of many sequences, batched by length; `[sequences.count, featureCount]`.
    /// - Complexity: one forward pass per sequence.
    public func features(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
        rowsInLengthSortedBatches(of: sequences, batchSize: batchSize) { features($0) }
    }

    /// Fraction of `sequences` whose predicted class equals the label, in inference mode, batched by length.
    /// - Complexity: one forward pass per sequence.
    public func accuracy(of sequences: [[Int32]], labels: [Int], batchSize: Int) -> Double {
        precondition(sequences.count == labels.count, "\(sequences.count) sequences but \(labels.count) labels")
        guard !sequences.isEmpty else { return 0 }
        let predictions = argmaxRows(rowsInLengthSortedBatches(of: sequences, batchSize: batchSize) { logits($0) })
        return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(sequences.count)
    }
}
