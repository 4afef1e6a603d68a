import LinearAlgebra

/// The gradient of the embedding rows one training batch used, summed per token (the sparse
/// gradient of an embedding table, for lazy optimiser updates).
public struct EmbeddingRowGradient: Sendable, Equatable {
    /// Distinct token ids, in order of first use.
    public var tokens: [Int32]
    /// `[tokens.count, width]`: row `i` is the gradient of the embedding of `tokens[i]`.
    public var rows: [Float]

    /// A gradient for the given tokens and rows.
    public init(tokens: [Int32], rows: [Float]) {
        self.tokens = tokens
        self.rows = rows
    }

    /// Sums the rows of `gradient` (`width` floats each) by token: `placements` lists, in order,
    /// the token of each gradient row used and that row's index.
    /// - Complexity: O(rows used × width).
    public init(placements: some Sequence<(token: Int32, row: Int)>, gradient: UnsafePointer<Float>, width: Int) {
        var slots: [Int32: Int] = [:]
        var tokens: [Int32] = []
        var rows: [Float] = []
        for (token, row) in placements {
            let slot: Int
            if let known = slots[token] {
                slot = known
            } else {
                slot = tokens.count
                slots[token] = slot
                tokens.append(token)
                rows.append(contentsOf: repeatElement(0, count: width))
            }
            rows.withUnsafeMutableBufferPointer { target in
                for column in 0..<width { target[slot * width + column] += gradient[row * width + column] }
            }
        }
        self.init(tokens: tokens, rows: rows)
    }
}

extension TokenBatch {
    /// The `(token, row)` pairs of the unpadded positions, sequence by sequence; rows index
    /// `[batchSize * sequenceLength]`.
    public var unpaddedPlacements: [(token: Int32, row: Int)] {
        var result: [(token: Int32, row: Int)] = []
        result.reserveCapacity(lengths.reduce(0, +))
        for sequence in 0..<batchSize {
            for position in 0..<lengths[sequence] {
                let row = sequence * sequenceLength + position
                result.append((tokenIDs[row], row))
            }
        }
        return result
    }

    /// The rows of `table` (`[vocabularySize, d]`) for every unpadded token, `[batchSize * sequenceLength, d]`;
    /// padding rows are zero.
    /// - Complexity: O(batchSize × sequenceLength × d).
    public func embeddingRows(from table: Matrix) -> Matrix {
        let width = table.columnCount, vocabularySize = table.rowCount
        var result = Matrix(rowCount: batchSize * sequenceLength, columnCount: width)
        table.values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for (token, row) in unpaddedPlacements {
                    precondition(token >= 0 && Int(token) < vocabularySize, "Token id \(token) outside the vocabulary 0..<\(vocabularySize)")
                    (target.baseAddress! + row * width).update(from: source.baseAddress! + Int(token) * width, count: width)
                }
            }
        }
        return result
    }
}
