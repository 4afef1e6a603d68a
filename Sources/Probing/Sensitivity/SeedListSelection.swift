/// Picks the terms of the `salience` and `pmi` seed lists from per-token scores (docs/METHOD.md §7.1).
public enum SeedListSelection {
    /// The `termCount` token ids with the highest finite score among those in at least
    /// `minimumCount` training examples and not `excluded`; ties go to the more frequent token,
    /// then the lower id. Scores of length `[vocabularySize]`.
    /// - Complexity: O(|V| log |V|).
    public static func top(scores: [Float], documentCounts: [Int], minimumCount: Int, termCount: Int,
                           excluded: (Int32) -> Bool) -> [Int32] {
        precondition(scores.count == documentCounts.count, "\(scores.count) scores for \(documentCounts.count) document counts")
        let candidates = scores.indices.filter { index in
            scores[index].isFinite && documentCounts[index] >= minimumCount && !excluded(Int32(index))
        }
        let ordered = candidates.sorted { left, right in
            if scores[left] != scores[right] { return scores[left] > scores[right] }
            if documentCounts[left] != documentCounts[right] { return documentCounts[left] > documentCounts[right] }
            return left < right
        }
        return ordered.prefix(termCount).map { Int32($0) }
    }

    /// Column means of a sparse matrix given by its CSR arrays, `[columnCount]`.
    /// - Complexity: O(nnz + columnCount).
    public static func columnMeans(rowCount: Int, columnCount: Int, columnIndices: [Int32], values: [Float]) -> [Float] {
        precondition(columnIndices.count == values.count, "\(columnIndices.count) column indices for \(values.count) values")
        var sums = [Double](repeating: 0, count: columnCount)
        for (column, value) in zip(columnIndices, values) { sums[Int(column)] += Double(value) }
        let scale = 1 / Double(max(rowCount, 1))
        return sums.map { Float($0 * scale) }
    }

    /// Training examples containing each token, `[vocabularySize]` (a token counts once per example).
    /// - Complexity: O(Σ lengths + |V|).
    public static func documentCounts(tokenIDs: [[Int32]], vocabularySize: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: vocabularySize)
        var lastSeen = [Int](repeating: -1, count: vocabularySize)
        for (example, tokens) in tokenIDs.enumerated() {
            for token in tokens where lastSeen[Int(token)] != example {
                lastSeen[Int(token)] = example
                counts[Int(token)] += 1
            }
        }
        return counts
    }
}
