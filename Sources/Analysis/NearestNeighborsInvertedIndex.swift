import LinearAlgebra

/// The column-major (CSC) view of a CSR matrix: for every column, the rows holding a
/// non-zero there and their values, rows increasing. It is the transpose in CSR form.
struct NearestNeighborsInvertedIndex: Sendable {
    /// Posting start offsets, length `columnCount + 1`.
    let columnOffsets: [Int]
    /// Row of each posting, length `nonZeroCount`.
    let rows: [Int32]
    /// Value of each posting, length `nonZeroCount`.
    let values: [Float]

    /// Builds the postings with one counting sort over the entries.
    /// - Complexity: O(nnz + columnCount).
    init(_ matrix: SparseMatrix) {
        let columnCount = matrix.columnCount
        var offsets = [Int](repeating: 0, count: columnCount + 1)
        var postingRows = [Int32](repeating: 0, count: matrix.nonZeroCount)
        var postingValues = [Float](repeating: 0, count: matrix.nonZeroCount)
        matrix.columnIndices.withUnsafeBufferPointer { columns in
            matrix.values.withUnsafeBufferPointer { entries in
                matrix.rowOffsets.withUnsafeBufferPointer { rowOffsets in
                    offsets.withUnsafeMutableBufferPointer { offsets in
                        for column in columns { offsets[Int(column) + 1] += 1 }
                        for column in 0..<columnCount { offsets[column + 1] += offsets[column] }
                        var next = Array(offsets[0..<columnCount])
                        next.withUnsafeMutableBufferPointer { next in
                            postingRows.withUnsafeMutableBufferPointer { postingRows in
                                postingValues.withUnsafeMutableBufferPointer { postingValues in
                                    for row in 0..<matrix.rowCount {
                                        for entry in rowOffsets[row]..<rowOffsets[row + 1] {
                                            let column = Int(columns[entry])
                                            let slot = next[column]
                                            next[column] = slot + 1
                                            postingRows[slot] = Int32(truncatingIfNeeded: row)
                                            postingValues[slot] = entries[entry]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        columnOffsets = offsets
        rows = postingRows
        values = postingValues
    }
}
