import LinearAlgebra

/// The column-centred matrix `A = X − 1μᵀ` of a sparse `X` `[rowCount, columnCount]`, applied
/// to thin dense blocks in double precision without ever being formed.
struct PCACenteredSparseOperator {
    let matrix: SparseMatrix
    let transpose: NearestNeighborsInvertedIndex
    /// Column means μ, length `columnCount`.
    let means: [Double]

    init(_ matrix: SparseMatrix) {
        self.matrix = matrix
        transpose = NearestNeighborsInvertedIndex(matrix)
        var means = [Double](repeating: 0, count: matrix.columnCount)
        for entry in 0..<matrix.nonZeroCount { means[Int(matrix.columnIndices[entry])] += Double(matrix.values[entry]) }
        let rowCount = Double(max(1, matrix.rowCount))
        self.means = means.map { $0 / rowCount }
    }

    /// `A · block` for a row-major `[columnCount, width]` block; result `[rowCount, width]`.
    /// - Complexity: O((nnz + columnCount + rowCount) × width).
    func times(_ block: [Double], width: Int) -> [Double] {
        precondition(block.count == matrix.columnCount * width, "Block has \(block.count) values, [\(matrix.columnCount), \(width)] needs \(matrix.columnCount * width)")
        var shift = [Double](repeating: 0, count: width)   // μᵀ · block
        for column in 0..<matrix.columnCount where means[column] != 0 {
            for j in 0..<width { shift[j] += means[column] * block[column * width + j] }
        }
        var result = [Double](repeating: 0, count: matrix.rowCount * width)
        block.withUnsafeBufferPointer { block in
            result.withUnsafeMutableBufferPointer { result in
                for row in 0..<matrix.rowCount {
                    let output = result.baseAddress! + row * width
                    for j in 0..<width { output[j] = -shift[j] }
                    for entry in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] {
                        let value = Double(matrix.values[entry])
                        let input = block.baseAddress! + Int(matrix.columnIndices[entry]) * width
                        for j in 0..<width { output[j] += value * input[j] }
                    }
                }
            }
        }
        return result
    }

    /// `Aᵀ · block` for a row-major `[rowCount, width]` block; result `[columnCount, width]`.
    /// - Complexity: O((nnz + columnCount + rowCount) × width).
    func transposeTimes(_ block: [Double], width: Int) -> [Double] {
        precondition(block.count == matrix.rowCount * width, "Block has \(block.count) values, [\(matrix.rowCount), \(width)] needs \(matrix.rowCount * width)")
        var columnSums = [Double](repeating: 0, count: width)   // 1ᵀ · block
        for row in 0..<matrix.rowCount {
            for j in 0..<width { columnSums[j] += block[row * width + j] }
        }
        var result = [Double](repeating: 0, count: matrix.columnCount * width)
        block.withUnsafeBufferPointer { block in
            result.withUnsafeMutableBufferPointer { result in
                for column in 0..<matrix.columnCount {
                    let output = result.baseAddress! + column * width
                    let mean = means[column]
                    for j in 0..<width { output[j] = -mean * columnSums[j] }
                    for posting in transpose.columnOffsets[column]..<transpose.columnOffsets[column + 1] {
                        let value = Double(transpose.values[posting])
                        let input = block.baseAddress! + Int(transpose.rows[posting]) * width
                        for j in 0..<width { output[j] += value * input[j] }
                    }
                }
            }
        }
        return result
    }
}
