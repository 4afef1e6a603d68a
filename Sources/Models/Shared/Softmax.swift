import Foundation
import LinearAlgebra

/// Replaces every row of `matrix` by its softmax (max-shifted for stability).
/// - Complexity: O(rowCount × columnCount).
public func softmaxRows(_ matrix: inout Matrix) {
    let columnCount = matrix.columnCount
    guard columnCount > 0 else { return }
    let rowCount = matrix.rowCount
    matrix.values.withUnsafeMutableBufferPointer { buffer in
        for row in 0..<rowCount {
            let start = row * columnCount
            var largest = buffer[start]
            for column in 1..<columnCount { largest = max(largest, buffer[start + column]) }
            var sum: Float = 0
            for column in 0..<columnCount {
                let value = expf(buffer[start + column] - largest)
                buffer[start + column] = value
                sum += value
            }
            for column in 0..<columnCount { buffer[start + column] /= sum }
        }
    }
}

/// Index of the largest value in each row (the lowest index on ties), length `rowCount`.
/// - Complexity: O(rowCount × columnCount).
func argmaxRows(_ matrix: Matrix) -> [Int] {
    (0..<matrix.rowCount).map { row in
        var best = 0
        for column in 1..<max(matrix.columnCount, 1) where matrix[row, column] > matrix[row, best] { best = column }
        return best
    }
}
