import LinearAlgebra

/// B1, the PMI bag-of-words baseline (docs/METHOD.md §5.3, paper Sec. 2.2): each token present in
/// an example is weighted by its pointwise mutual information with the example's predicted
/// class, estimated from document-level counts over the analysed set. Natural logarithm;
/// rows are not normalised (the paper normalises only S1 and S2).
public enum PMIRepresentation {
    /// B1: r_j = PMI(v_j; ŷ_x) for tokens v_j present in x, zero elsewhere.
    ///
    /// - Parameters:
    ///   - tokenIDs: `[exampleCount][sequenceLength_x]` token ids.
    ///   - predictions: the predicted class ŷ_x of every example, `[exampleCount]`.
    ///   - classCount: number of classes.
    ///   - vocabularySize: |V|, the column count.
    ///   - excludedTokenIDs: tokens that get no column value and are not counted.
    /// - Returns: a sparse `[exampleCount, vocabularySize]` matrix; a PMI of exactly 0 is
    ///   not stored (it equals the implicit zero).
    /// - Complexity: O(Σ_x L_x log L_x + classCount × |V|).
    public static func build(
        tokenIDs: [[Int32]], predictions: [Int], classCount: Int, vocabularySize: Int, excludedTokenIDs: Set<Int32>
    ) -> SparseMatrix {
        let mask = TokenMask(vocabularySize: vocabularySize, excluded: excludedTokenIDs)
        let counts = DocumentCounts(tokenIDs: tokenIDs, classes: predictions, classCount: classCount,
                                    vocabularySize: vocabularySize, mask: mask)
        var rowOffsets = [0]
        rowOffsets.reserveCapacity(tokenIDs.count + 1)
        var columnIndices: [Int32] = []
        var values: [Float] = []
        var lastSeen = [Int](repeating: -1, count: vocabularySize)
        var present: [Int32] = []
        for example in tokenIDs.indices {
            present.removeAll(keepingCapacity: true)
            for token in tokenIDs[example] where !mask.isExcluded[Int(token)] && lastSeen[Int(token)] != example {
                lastSeen[Int(token)] = example
                present.append(token)
            }
            present.sort()
            for token in present {
                // The example itself contributes to n(v, ŷ), so the value is always finite.
                let value = counts.pointwiseMutualInformation(token: Int(token), classIndex: predictions[example])
                if value != 0 {
                    columnIndices.append(token)
                    values.append(value)
                }
            }
            rowOffsets.append(values.count)
        }
        return SparseMatrix(rowCount: tokenIDs.count, columnCount: vocabularySize,
                            rowOffsets: rowOffsets, columnIndices: columnIndices, values: values)
    }

    /// The PMI table PMI(v; c), `[classCount][vocabularySize]`, from document-level counts.
    ///
    /// Tokens occurring in fewer than `minimumCount` examples get −∞ for every class, as do
    /// token–class pairs that never co-occur; no entry is NaN. Used for the PMI seed lists of
    /// the sensitivity analysis (docs/METHOD.md §7.1).
    /// - Complexity: O(Σ_x L_x + classCount × |V|).
    public static func scores(
        tokenIDs: [[Int32]], labels: [Int], classCount: Int, vocabularySize: Int, minimumCount: Int
    ) -> [[Float]] {
        let counts = DocumentCounts(tokenIDs: tokenIDs, classes: labels, classCount: classCount,
                                    vocabularySize: vocabularySize,
                                    mask: TokenMask(vocabularySize: vocabularySize, excluded: []))
        return (0..<classCount).map { classIndex in
            (0..<vocabularySize).map { token in
                guard counts.tokenDocumentCounts[token] >= max(minimumCount, 1) else { return -.infinity }
                return counts.pointwiseMutualInformation(token: token, classIndex: classIndex)
            }
        }
    }
}
