/// A dense row-major matrix of `Float`, shape `[rowCount, columnCount]`.
///
/// Element `(row, column)` lives at `values[row * columnCount + column]`. Products go
/// through OpenBLAS (`Matrix+BLAS.swift`); element loops use the unsafe buffers.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public var rowCount: Int
    /// Number of columns.
    public var columnCount: Int
    /// Row-major storage, `rowCount * columnCount` values.
    public var values: [Float]

    /// A matrix of zeros, shape `[rowCount, columnCount]`.
    public init(rowCount: Int, columnCount: Int) {
        precondition(rowCount >= 0 && columnCount >= 0, "Matrix shape must be non-negative, got [\(rowCount), \(columnCount)]")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = [Float](repeating: 0, count: rowCount * columnCount)
    }

    /// A matrix over existing row-major storage, shape `[rowCount, columnCount]`.
    public init(rowCount: Int, columnCount: Int, values: [Float]) {
        precondition(values.count == rowCount * columnCount,
                     "Matrix storage has \(values.count) values, shape [\(rowCount), \(columnCount)] needs \(rowCount * columnCount)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// A matrix from nested rows; every row must have the same length.
    public init(rows: [[Float]]) {
        let columnCount = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columnCount }, "Matrix rows have different lengths")
        self.init(rowCount: rows.count, columnCount: columnCount, values: rows.flatMap { $0 })
    }

    /// The element at `(row, column)`.
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// A copy of one row, length `columnCount`.
    public func row(_ index: Int) -> [Float] {
        Array(values[(index * columnCount)..<((index + 1) * columnCount)])
    }

    /// The rows at `indices`, in that order, shape `[indices.count, columnCount]`.
    /// - Complexity: O(indices.count × columnCount).
    public func rows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rowCount: indices.count, columnCount: columnCount)
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for (outputRow, inputRow) in indices.enumerated() {
                    precondition(inputRow >= 0 && inputRow < rowCount, "Row \(inputRow) out of range 0..<\(rowCount)")
                    let from = source.baseAddress! + inputRow * columnCount
                    (target.baseAddress! + outputRow * columnCount).update(from: from, count: columnCount)
                }
            }
        }
        return result
    }

    /// The transpose, shape `[columnCount, rowCount]`.
    /// - Complexity: O(rowCount × columnCount).
    public func transposed() -> Matrix {
        var result = Matrix(rowCount: columnCount, columnCount: rowCount)
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                for row in 0..<rowCount {
                    for column in 0..<columnCount {
                        target[column * rowCount + row] = source[row * columnCount + column]
                    }
                }
            }
        }
        return result
    }

    /// Scales every row to unit Euclidean norm; all-zero rows stay zero.
    /// - Complexity: O(rowCount × columnCount).
    public mutating func normalizeRows() {
        let columnCount = self.columnCount
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rowCount {
                let start = row * columnCount
                var sum: Float = 0
                for column in 0..<columnCount { sum += buffer[start + column] * buffer[start + column] }
                guard sum > 0 else { continue }
                let scale = 1 / sum.squareRoot()
                for column in 0..<columnCount { buffer[start + column] *= scale }
            }
        }
    }
}
