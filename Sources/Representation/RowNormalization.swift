import LinearAlgebra

/// Row-wise L2 normalisation for representations that are not normalised on construction
/// (for example `cls` features, when a caller wants cosine geometry).
public enum RowNormalization {
    /// A copy of `matrix` with every row scaled to unit Euclidean norm; zero rows stay zero.
    /// - Complexity: O(rowCount × columnCount).
    public static func normalized(_ matrix: Matrix) -> Matrix {
        var copy = matrix
        copy.normalizeRows()
        return copy
    }

    /// A copy of `matrix` with every row scaled to unit Euclidean norm; empty rows stay empty.
    /// - Complexity: O(nnz).
    public static func normalized(_ matrix: SparseMatrix) -> SparseMatrix {
        var copy = matrix
        copy.normalizeRows()
        return copy
    }
}
