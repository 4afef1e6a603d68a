import LinearAlgebra

/// A representation matrix, one row per example: dense for embeddings, sparse (CSR) for
/// vocabulary-sized representations so that `|V|`-wide rows never get densified.
public enum RepresentationMatrix: Sendable {
    /// A dense `[exampleCount, width]` matrix.
    case dense(Matrix)
    /// A sparse `[exampleCount, |V|]` CSR matrix.
    case sparse(SparseMatrix)

    /// Number of rows (examples).
    public var rowCount: Int {
        switch self {
        case .dense(let matrix): matrix.rowCount
        case .sparse(let matrix): matrix.rowCount
        }
    }

    /// Number of columns (features).
    public var columnCount: Int {
        switch self {
        case .dense(let matrix): matrix.columnCount
        case .sparse(let matrix): matrix.columnCount
        }
    }

    /// The rows at `indices`, in that order, keeping the storage kind.
    /// - Complexity: O(size of the chosen rows).
    public func rows(_ indices: [Int]) -> RepresentationMatrix {
        switch self {
        case .dense(let matrix): .dense(matrix.rows(indices))
        case .sparse(let matrix): .sparse(matrix.rows(indices))
        }
    }
}
