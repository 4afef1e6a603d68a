import LinearAlgebra

/// S2, the salience embedding representation (docs/METHOD.md §5.2): the salience vocabulary rows
/// mapped through the classifier's input embedding table, then L2-normalised.
public enum SalienceEmbeddingRepresentation {
    /// R_emb = R_vocab · E with rows scaled to unit norm.
    ///
    /// - Parameters:
    ///   - vocabulary: the S1 matrix, sparse `[exampleCount, |V|]`.
    ///   - embeddingTable: E, `[|V|, d]`.
    /// - Returns: `[exampleCount, d]`; rows that are zero stay zero.
    /// - Complexity: O(nnz(vocabulary) × d).
    public static func build(vocabulary: SparseMatrix, embeddingTable: Matrix) -> Matrix {
        precondition(vocabulary.columnCount == embeddingTable.rowCount,
                     "Salience embedding needs E with one row per vocabulary column: R_vocab is [\(vocabulary.rowCount), \(vocabulary.columnCount)], E is [\(embeddingTable.rowCount), \(embeddingTable.columnCount)]")
        var product = vocabulary.multiplied(by: embeddingTable)
        product.normalizeRows()
        return product
    }
}
