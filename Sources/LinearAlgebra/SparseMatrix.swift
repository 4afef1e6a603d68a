/// A sparse matrix in compressed sparse row (CSR) form, shape `[rowCount, columnCount]`.
///
/// Row `r` holds the entries `rowOffsets[r]..<rowOffsets[r + 1]` of `columnIndices` and
/// `values`; within a row, column indices are strictly increasing. The layout is SciPy's
/// `csr_matrix` (`indptr`, `indices`, `data`), so it exports without conversion.
public struct SparseMatrix: Sendable, Equatable {
    /// Number of rows.
    public var rowCount: Int
    /// Number of columns.
    public var columnCount: Int
    /// Row start offsets, length `rowCount + 1`, `rowOffsets[0] == 0`.
    public var rowOffsets: [Int]
    /// Column index of each stored entry, length `nonZeroCount`.
    public var columnIndices: [Int32]
    /// Value of each stored entry, length `nonZeroCount`.
    public var values: [Float]

    /// Number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// A CSR matrix from its three arrays; checks the invariants.
    public init(rowCount: Int, columnCount: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Float]) {
        precondition(rowOffsets.count == rowCount + 1, "CSR needs \(rowCount + 1) row offsets, got \(rowOffsets.count)")
        precondition(rowOffsets.first == 0 && rowOffsets.last == values.count, "CSR row offsets must run from 0 to \(values.count)")
        precondition(columnIndices.count == values.count, "CSR has \(columnIndices.count) column indices for \(values.count) values")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// A CSR matrix from per-row `(column, value)` lists; entries are sorted by column and
    /// explicit zeros dropped.
    /// - Complexity: O(nnz log k) for rows of k entries.
    public init(columnCount: Int, rows: [[(column: Int, value: Float)]]) {
        var offsets = [0]
        offsets.reserveCapacity(rows.count + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        for row in rows {
            for entry in row.sorted(by: { $0.column < $1.column }) where entry.value != 0 {
                precondition(entry.column >= 0 && entry.column < columnCount, "Column \(entry.column) out of range 0..<\(columnCount)")
                precondition(columns.count == offsets.last! || columns.last! < Int32(entry.column), "Duplicate column \(entry.column) in a CSR row")
                columns.append(Int32(entry.column))
                values.append(entry.value)
            }
            offsets.append(values.count)
        }
        self.init(rowCount: rows.count, columnCount: columnCount, rowOffsets: offsets, columnIndices: columns, values: values)
    }

    /// The `(column, value)` entries of one row.
    public func row(_ index: Int) -> [(column: Int, value: Float)] {
        (rowOffsets[index]..<rowOffsets[index + 1]).map { (Int(columnIndices[$0]), values[$0]) }
    }

    /// The rows at `indices`, in that order.
    /// - Complexity: O(total entries of the chosen rows).
    public func rows(_ indices: [Int]) -> SparseMatrix {
        var offsets = [0]
        var columns: [Int32] = []
        var newValues: [Float] = []
        for index in indices {
            let range = rowOffsets[index]..<rowOffsets[index + 1]
            columns.append(contentsOf: columnIndices[range])
            newValues.append(contentsOf: values[range])
            offsets.append(newValues.count)
        }
        return SparseMatrix(rowCount: indices.count, columnCount: columnCount, rowOffsets: offsets, columnIndices: columns, values: newValues)
    }

    /// The dense equivalent, shape `[rowCount, columnCount]`; for tests and small matrices only.
    /// - Complexity: O(rowCount × columnCount).
    public func densified() -> Matrix {
        var result = Matrix(rowCount: rowCount, columnCount: columnCount)
        for row in 0..<rowCount {
            for index in rowOffsets[row]..<rowOffsets[row + 1] {
                result[row, Int(columnIndices[index])] = values[index]
            }
        }
        return result
    }

    /// Scales every row to unit Euclidean norm; empty rows stay empty.
    /// - Complexity: O(nnz).
    public mutating func normalizeRows() {
        let offsets = rowOffsets
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rowCount {
                var sum: Float = 0
                for index in offsets[row]..<offsets[row + 1] { sum += buffer[index] * buffer[index] }
                guard sum > 0 else { continue }
                let scale = 1 / sum.squareRoot()
                for index in offsets[row]..<offsets[row + 1] { buffer[index] *= scale }
            }
        }
    }

    /// Sparse × dense product `self · dense`, shape `[rowCount, dense.columnCount]`.
    /// - Complexity: O(nnz × dense.columnCount).
    public func multiplied(by dense: Matrix) -> Matrix {
        precondition(columnCount == dense.rowCount, "Cannot multiply sparse [\(rowCount), \(columnCount)] by [\(dense.rowCount), \(dense.columnCount)]")
        let width = dense.columnCount
        var result = Matrix(rowCount: rowCount, columnCount: width)
        values.withUnsafeBufferPointer { entryValues in
            columnIndices.withUnsafeBufferPointer { columns in
                dense.values.withUnsafeBufferPointer { source in
                    result.values.withUnsafeMutableBufferPointer { target in
                        for row in 0..<rowCount {
                            let output = target.baseAddress! + row * width
                            for index in rowOffsets[row]..<rowOffsets[row + 1] {
                                let weight = entryValues[index]
                                let input = source.baseAddress! + Int(columns[index]) * width
                                for column in 0..<width { output[column] += weight * input[column] }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
