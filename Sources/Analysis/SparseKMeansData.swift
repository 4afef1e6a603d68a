import LinearAlgebra

/// k-means kernels on a CSR matrix; the data is never densified.
///
/// Distances use ‖x‖² − 2 x·c + ‖c‖²: x·c walks the row's non-zeros against the
/// feature-major centre buffer, so each stored entry costs one contiguous read of k floats.
struct SparseKMeansData: KMeansData {
    let matrix: SparseMatrix
    let rowSquaredNorms: [Float]

    var rowCount: Int { matrix.rowCount }
    var columnCount: Int { matrix.columnCount }

    init(_ matrix: SparseMatrix) {
        self.matrix = matrix
        var norms = [Float](repeating: 0, count: matrix.rowCount)
        matrix.values.withUnsafeBufferPointer { values in
            for row in 0..<matrix.rowCount {
                var sum: Float = 0
                for entry in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] { sum += values[entry] * values[entry] }
                norms[row] = sum
            }
        }
        rowSquaredNorms = norms
    }

    /// Scratch: the per-row dot products with the k centres.
    final class Workspace {
        var dots: [Float]
        init(clusterCount: Int) { dots = [Float](repeating: 0, count: clusterCount) }
    }

    func makeWorkspace(clusterCount: Int) -> Workspace { Workspace(clusterCount: clusterCount) }

    /// Calls `body` with raw views of the CSR arrays.
    @inline(__always)
    func withStorage<Result>(
        _ body: (UnsafePointer<Int>, UnsafePointer<Int32>, UnsafePointer<Float>, UnsafePointer<Float>) -> Result
    ) -> Result {
        matrix.rowOffsets.withUnsafeBufferPointer { offsets in
            matrix.columnIndices.withUnsafeBufferPointer { columns in
                matrix.values.withUnsafeBufferPointer { values in
                    rowSquaredNorms.withUnsafeBufferPointer { norms in
                        // Empty arrays may have a nil base address; a one-element dummy stands in.
                        withFallback(columns.baseAddress, Int32(0)) { columns in
                            withFallback(values.baseAddress, Float(0)) { values in
                                body(offsets.baseAddress!, columns, values, norms.baseAddress ?? values)
                            }
                        }
                    }
                }
            }
        }
    }

    func meanColumnVariance() -> Double {
        guard rowCount > 0, columnCount > 0 else { return 0 }
        var sums = [Double](repeating: 0, count: columnCount)
        var squares = [Double](repeating: 0, count: columnCount)
        for entry in 0..<matrix.nonZeroCount {
            let column = Int(matrix.columnIndices[entry]), value = Double(matrix.values[entry])
            sums[column] += value
            squares[column] += value * value
        }
        let count = Double(rowCount)
        var total = 0.0
        for column in 0..<columnCount {
            let mean = sums[column] / count
            total += max(squares[column] / count - mean * mean, 0)
        }
        return total / Double(columnCount)
    }

    func squaredDistances(fromRows candidates: [Int], into output: UnsafeMutablePointer<Float>) {
        let trialCount = candidates.count, rowCount = self.rowCount
        // The candidates scattered feature-major, [columnCount, trialCount].
        var scattered = [Float](repeating: 0, count: columnCount * trialCount)
        var candidateNorms = [Float](repeating: 0, count: trialCount)
        var dots = [Float](repeating: 0, count: trialCount)
        withStorage { offsets, columns, values, norms in
            scattered.withUnsafeMutableBufferPointer { scattered in
                for (trial, candidate) in candidates.enumerated() {
                    candidateNorms[trial] = norms[candidate]
                    for entry in offsets[candidate]..<offsets[candidate + 1] {
                        scattered[Int(columns[entry]) * trialCount + trial] = values[entry]
                    }
                }
                dots.withUnsafeMutableBufferPointer { dots in
                    for row in 0..<rowCount {
                        for trial in 0..<trialCount { dots[trial] = 0 }
                        for entry in offsets[row]..<offsets[row + 1] {
                            let value = values[entry]
                            let base = scattered.baseAddress! + Int(columns[entry]) * trialCount
                            for trial in 0..<trialCount { dots[trial] += value * base[trial] }
                        }
                        for trial in 0..<trialCount {
                            output[trial * rowCount + row] = max(norms[row] + candidateNorms[trial] - 2 * dots[trial], 0)
                        }
                    }
                }
            }
        }
    }

    func addRow(_ row: Int, scale: Float, toCenter center: Int, clusterCount: Int, centers: UnsafeMutablePointer<Float>) {
        withStorage { offsets, columns, values, _ in
            for entry in offsets[row]..<offsets[row + 1] {
                centers[Int(columns[entry]) * clusterCount + center] += scale * values[entry]
            }
        }
    }

    func assign(
        centers: UnsafePointer<Float>, centerSquaredNorms: UnsafePointer<Float>, clusterCount: Int,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>, workspace: Workspace
    ) {
        let rowCount = self.rowCount
        withStorage { offsets, columns, values, norms in
            workspace.dots.withUnsafeMutableBufferPointer { dotsBuffer in
                let dots = dotsBuffer.baseAddress!
                for row in 0..<rowCount {
                    for center in 0..<clusterCount { dots[center] = 0 }
                    for entry in offsets[row]..<offsets[row + 1] {
                        let value = values[entry]
                        let base = centers + Int(columns[entry]) * clusterCount
                        for center in 0..<clusterCount { dots[center] += value * base[center] }
                    }
                    var best = 0
                    var bestScore = centerSquaredNorms[0] - 2 * dots[0]
                    for center in 1..<max(clusterCount, 1) {
                        let score = centerSquaredNorms[center] - 2 * dots[center]
                        if score < bestScore { bestScore = score; best = center }
                    }
                    labels[row] = Int32(best)
                    distances[row] = max(norms[row] + bestScore, 0)
                }
            }
        }
    }

    func accumulate(labels: UnsafePointer<Int32>, clusterCount: Int, sums: UnsafeMutablePointer<Float>, workspace: Workspace) {
        let rowCount = self.rowCount
        withStorage { offsets, columns, values, _ in
            for row in 0..<rowCount {
                let label = Int(labels[row])
                for entry in offsets[row]..<offsets[row + 1] {
                    sums[Int(columns[entry]) * clusterCount + label] += values[entry]
                }
            }
        }
    }

    func inertia(labels: UnsafePointer<Int32>, centers: UnsafePointer<Float>, clusterCount: Int) -> Double {
        // ‖c_j‖² in Double, then per row ‖c‖² + Σ_nnz ((x − c)² − c²) (the exact squared distance).
        var centerNorms = [Double](repeating: 0, count: clusterCount)
        for feature in 0..<columnCount {
            for center in 0..<clusterCount {
                let value = Double(centers[feature * clusterCount + center])
                centerNorms[center] += value * value
            }
        }
        let rowCount = self.rowCount
        return withStorage { offsets, columns, values, _ in
            var total = 0.0
            for row in 0..<rowCount {
                let label = Int(labels[row])
                var distance = centerNorms[label]
                for entry in offsets[row]..<offsets[row + 1] {
                    let centerValue = Double(centers[Int(columns[entry]) * clusterCount + label])
                    let difference = Double(values[entry]) - centerValue
                    distance += difference * difference - centerValue * centerValue
                }
                total += max(distance, 0)
            }
            return total
        }
    }
}

/// Calls `body` with `pointer`, or with a pointer to a one-element stand-in when it is nil.
@inline(__always)
func withFallback<Element, Result>(_ pointer: UnsafePointer<Element>?, _ standIn: Element, _ body: (UnsafePointer<Element>) -> Result) -> Result {
    if let pointer { return body(pointer) }
    return withUnsafePointer(to: standIn) { body($0) }
}
