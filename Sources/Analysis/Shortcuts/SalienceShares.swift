import LinearAlgebra

/// How an example's salience divides among its terms (docs/METHOD.md, "Shortcut search"): the share of a
/// term is the sum of |s_i| over the positions holding it, over the sum of |s_i| over every
/// counted position.
public enum SalienceShares {
    /// One row per example with the share of every term it contains (each row sums to 1, or is
    /// empty when every counted score is 0), and the number of counted positions per example.
    ///
    /// - Parameters:
    ///   - tokenIDs: one token-id list per example, `[exampleCount][length_x]`.
    ///   - scores: the salience scores aligned with `tokenIDs`; non-finite scores count as 0.
    ///   - vocabularySize: |V|, the column count.
    ///   - excludedTokenIDs: tokens neither counted nor given a share (the special tokens).
    /// - Returns: sparse `[exampleCount, vocabularySize]` shares, columns sorted in each row, and `[exampleCount]` counted positions.
    /// - Complexity: O(Σ_x L_x log L_x); memory O(|V| + nnz).
    public static func build(tokenIDs: [[Int32]], scores: [[Float]], vocabularySize: Int,
                             excludedTokenIDs: Set<Int32>) -> (shares: SparseMatrix, countedCounts: [Int]) {
        precondition(tokenIDs.count == scores.count,
                     "Salience shares need one score list per example, got \(tokenIDs.count) token lists and \(scores.count) score lists")
        var excluded = [Bool](repeating: false, count: vocabularySize)
        for id in excludedTokenIDs where id >= 0 && Int(id) < vocabularySize { excluded[Int(id)] = true }
        var sums = [Double](repeating: -1, count: vocabularySize)
        var touched: [Int32] = []
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(tokenIDs.count + 1)
        var columnIndices: [Int32] = []
        var values: [Float] = []
        var countedCounts: [Int] = []
        countedCounts.reserveCapacity(tokenIDs.count)
        for example in tokenIDs.indices {
            let tokens = tokenIDs[example], exampleScores = scores[example]
            precondition(tokens.count == exampleScores.count, "Example \(example) has \(tokens.count) tokens but \(exampleScores.count) scores")
            touched.removeAll(keepingCapacity: true)
            var total = 0.0
            var counted = 0
            for position in tokens.indices {
                let token = tokens[position]
                precondition(token >= 0 && Int(token) < vocabularySize, "Token id \(token) of example \(example) is outside 0..<\(vocabularySize)")
                if excluded[Int(token)] { continue }
                let score = exampleScores[position]
                let magnitude = score.isFinite ? Double(abs(score)) : 0
                counted += 1
                total += magnitude
                if sums[Int(token)] < 0 {
                    touched.append(token)
                    sums[Int(token)] = magnitude
                } else {
                    sums[Int(token)] += magnitude
                }
            }
            touched.sort()
            for token in touched {
                let sum = sums[Int(token)]
                sums[Int(token)] = -1
                if total > 0 && sum > 0 {
                    columnIndices.append(token)
                    values.append(Float(sum / total))
                }
            }
            rowOffsets.append(values.count)
            countedCounts.append(counted)
        }
        return (SparseMatrix(rowCount: tokenIDs.count, columnCount: vocabularySize, rowOffsets: rowOffsets,
                             columnIndices: columnIndices, values: values), countedCounts)
    }

    /// The share of `column` in `row` of `shares` (0 when absent); rows must have sorted columns.
    /// - Complexity: O(log row length).
    public static func share(_ shares: SparseMatrix, row: Int, column: Int32) -> Double {
        var low = shares.rowOffsets[row], high = shares.rowOffsets[row + 1]
        while low < high {
            let middle = (low + high) / 2
            let value = shares.columnIndices[middle]
            if value == column { return Double(shares.values[middle]) }
            if value < column { low = middle + 1 } else { high = middle }
        }
        return 0
    }
}
