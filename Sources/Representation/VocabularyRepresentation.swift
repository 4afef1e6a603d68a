import LinearAlgebra

/// S1, the salience vocabulary representation (docs/METHOD.md §5.1, paper Sec. 2.2).
///
/// Row x has one column per vocabulary entry: r_j = max |s_i| over the positions i whose
/// token is v_j. Only the `topK` largest entries survive (every entry tied with the k-th
/// largest value is kept too, as LIT does), then the row is scaled to unit L2 norm.
public enum VocabularyRepresentation {
    /// S1: r_j = max |s_i| over positions with token j; keep the k largest (ties at the k-th
    /// value kept), zero the rest; L2-normalise. `topK` nil = all.
    ///
    /// - Parameters:
    ///   - tokenIDs: one token-id list per example, `[exampleCount][sequenceLength_x]`.
    ///   - scores: the salience scores aligned with `tokenIDs`, same shape. Non-finite
    ///     scores are treated as zero (they never enter a row).
    ///   - vocabularySize: |V|, the column count.
    ///   - topK: how many entries each row keeps (≥ 1), or nil for all.
    ///   - excludedTokenIDs: tokens that never get a column value (e.g. `[CLS]`, `[SEP]`, `[PAD]`).
    /// - Returns: a sparse `[exampleCount, vocabularySize]` matrix with unit-norm (or empty) rows.
    /// - Complexity: O(Σ_x L_x log L_x) for sequence lengths L_x; memory O(|V| + nnz).
    public static func build(
        tokenIDs: [[Int32]], scores: [[Float]], vocabularySize: Int, topK: Int?, excludedTokenIDs: Set<Int32>
    ) -> SparseMatrix {
        precondition(tokenIDs.count == scores.count,
                     "VocabularyRepresentation needs one score list per example, got \(tokenIDs.count) token lists and \(scores.count) score lists")
        if let topK { precondition(topK >= 1, "VocabularyRepresentation topK must be at least 1, got \(topK)") }
        let mask = TokenMask(vocabularySize: vocabularySize, excluded: excludedTokenIDs)
        // Per-token maximum of |s| for the current example; -1 marks "not seen yet".
        var maximum = [Float](repeating: -1, count: vocabularySize)
        var touched: [Int32] = []
        var entries: [(column: Int32, value: Float)] = []
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(tokenIDs.count + 1)
        var columnIndices: [Int32] = []
        var values: [Float] = []

        for example in tokenIDs.indices {
            let tokens = tokenIDs[example], exampleScores = scores[example]
            precondition(tokens.count == exampleScores.count,
                         "Example \(example) has \(tokens.count) tokens but \(exampleScores.count) scores")
            touched.removeAll(keepingCapacity: true)
            for position in tokens.indices {
                let token = tokens[position]
                checkToken(token, vocabularySize: vocabularySize, example: example)
                let column = Int(token)
                if mask.isExcluded[column] { continue }
                let score = exampleScores[position]
                let magnitude = score.isFinite ? abs(score) : 0
                if maximum[column] < 0 {
                    touched.append(token)
                    maximum[column] = magnitude
                } else if magnitude > maximum[column] {
                    maximum[column] = magnitude
                }
            }
            entries.removeAll(keepingCapacity: true)
            for token in touched {
                let value = maximum[Int(token)]
                maximum[Int(token)] = -1
                if value > 0 { entries.append((token, value)) }
            }
            if let topK, entries.count > topK {
                // Largest first; the k-th value is the threshold and every tie with it stays.
                entries.sort { $0.value > $1.value }
                let threshold = entries[topK - 1].value
                var keptCount = topK
                while keptCount < entries.count && entries[keptCount].value == threshold { keptCount += 1 }
                entries.removeSubrange(keptCount...)
            }
            entries.sort { $0.column < $1.column }
            var squaredNorm: Float = 0
            for entry in entries { squaredNorm += entry.value * entry.value }
            let scale = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
            for entry in entries {
                columnIndices.append(entry.column)
                values.append(entry.value * scale)
            }
            rowOffsets.append(values.count)
        }
        return SparseMatrix(rowCount: tokenIDs.count, columnCount: vocabularySize,
                            rowOffsets: rowOffsets, columnIndices: columnIndices, values: values)
    }
}
