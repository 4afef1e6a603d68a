import LinearAlgebra

/// k-means kernels on a dense matrix.
///
/// As scikit-learn does for dense input (`KMeans.fit`, sklearn/cluster/_kmeans.py), the data
/// is centred on its column means first, which keeps ‖x‖² − 2 x·c + ‖c‖² accurate in Float;
/// the means are added back to the final centroids. Distances to all centres come from one
/// `[n, d] · [d, k]` GEMM per iteration.
struct DenseKMeansData: KMeansData {
    /// The centred data, `[rowCount, columnCount]`.
    let centered: Matrix
    /// Column means removed from the data, `[columnCount]`.
    let columnMeans: [Float]
    let rowSquaredNorms: [Float]

    var rowCount: Int { centered.rowCount }
    var columnCount: Int { centered.columnCount }

    init(_ matrix: Matrix) {
        let rowCount = matrix.rowCount, columnCount = matrix.columnCount
        var means = [Double](repeating: 0, count: columnCount)
        matrix.values.withUnsafeBufferPointer { values in
            for row in 0..<rowCount {
                for column in 0..<columnCount { means[column] += Double(values[row * columnCount + column]) }
            }
        }
        let floatMeans = means.map { Float($0 / Double(max(rowCount, 1))) }
        var centered = matrix
        centered.values.withUnsafeMutableBufferPointer { values in
            for row in 0..<rowCount {
                for column in 0..<columnCount { values[row * columnCount + column] -= floatMeans[column] }
            }
        }
        self.centered = centered
        self.columnMeans = floatMeans
        self.rowSquaredNorms = centered.rowSquaredNorms()
    }

    /// Scratch: the `[rowCount, k]` dot products and the `[k, columnCount]` row-major sums.
    final class Workspace {
        var dots: [Float]
        var rowMajorSums: [Float]
        init(rowCount: Int, columnCount: Int, clusterCount: Int) {
            dots = [Float](repeating: 0, count: rowCount * clusterCount)
            rowMajorSums = [Float](repeating: 0, count: clusterCount * columnCount)
        }
    }

    func makeWorkspace(clusterCount: Int) -> Workspace {
        Workspace(rowCount: rowCount, columnCount: columnCount, clusterCount: clusterCount)
    }

    func meanColumnVariance() -> Double {
        guard rowCount > 0, columnCount > 0 else { return 0 }
        var sums = [Double](repeating: 0, count: columnCount)
        var squares = [Double](repeating: 0, count: columnCount)
        centered.values.withUnsafeBufferPointer { values in
            for row in 0..<rowCount {
                for column in 0..<columnCount {
                    let value = Double(values[row * columnCount + column])
                    sums[column] += value
                    squares[column] += value * value
                }
            }
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
        let trialCount = candidates.count, rowCount = self.rowCount, columnCount = self.columnCount
        let chosen = centered.rows(candidates)
        var products = [Float](repeating: 0, count: rowCount * trialCount)
        centered.values.withUnsafeBufferPointer { data in
            chosen.values.withUnsafeBufferPointer { chosenValues in
                products.withUnsafeMutableBufferPointer { products in
                    gemm(.none, .transposed, m: rowCount, n: trialCount, k: columnCount,
                         a: data.baseAddress!, lda: columnCount, b: chosenValues.baseAddress!, ldb: columnCount,
                         c: products.baseAddress!, ldc: trialCount)
                    for row in 0..<rowCount {
                        for trial in 0..<trialCount {
                            let candidateNorm = rowSquaredNorms[candidates[trial]]
                            output[trial * rowCount + row] =
                                max(rowSquaredNorms[row] + candidateNorm - 2 * products[row * trialCount + trial], 0)
                        }
                    }
                }
            }
        }
    }

    func addRow(_ row: Int, scale: Float, toCenter center: Int, clusterCount: Int, centers: UnsafeMutablePointer<Float>) {
        centered.values.withUnsafeBufferPointer { values in
            let source = values.baseAddress! + row * columnCount
            for feature in 0..<columnCount { centers[feature * clusterCount + center] += scale * source[feature] }
        }
    }

    func assign(
        centers: UnsafePointer<Float>, centerSquaredNorms: UnsafePointer<Float>, clusterCount: Int,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>, workspace: Workspace
    ) {
        let rowCount = self.rowCount, columnCount = self.columnCount
        centered.values.withUnsafeBufferPointer { data in
            rowSquaredNorms.withUnsafeBufferPointer { norms in
                workspace.dots.withUnsafeMutableBufferPointer { dots in
                    gemm(.none, .none, m: rowCount, n: clusterCount, k: columnCount,
                         a: data.baseAddress!, lda: columnCount, b: centers, ldb: clusterCount,
                         c: dots.baseAddress!, ldc: clusterCount)
                    for row in 0..<rowCount {
                        let rowDots = dots.baseAddress! + row * clusterCount
                        var best = 0
                        var bestScore = centerSquaredNorms[0] - 2 * rowDots[0]
                        for center in 1..<max(clusterCount, 1) {
                            let score = centerSquaredNorms[center] - 2 * rowDots[center]
                            if score < bestScore { bestScore = score; best = center }
                        }
                        labels[row] = Int32(best)
                        distances[row] = max(norms[row] + bestScore, 0)
                    }
                }
            }
        }
    }

    func accumulate(labels: UnsafePointer<Int32>, clusterCount: Int, sums: UnsafeMutablePointer<Float>, workspace: Workspace) {
        let rowCount = self.rowCount, columnCount = self.columnCount
        centered.values.withUnsafeBufferPointer { data in
            workspace.rowMajorSums.withUnsafeMutableBufferPointer { rowMajor in
                let target = rowMajor.baseAddress!
                target.update(repeating: 0, count: clusterCount * columnCount)
                for row in 0..<rowCount {
                    let source = data.baseAddress! + row * columnCount
                    let destination = target + Int(labels[row]) * columnCount
                    for feature in 0..<columnCount { destination[feature] += source[feature] }
                }
                // Row-major [k, d] → feature-major [d, k].
                for center in 0..<clusterCount {
                    for feature in 0..<columnCount {
                        sums[feature * clusterCount + center] += target[center * columnCount + feature]
                    }
                }
            }
        }
    }

    func inertia(labels: UnsafePointer<Int32>, centers: UnsafePointer<Float>, clusterCount: Int) -> Double {
        let rowCount = self.rowCount, columnCount = self.columnCount
        return centered.values.withUnsafeBufferPointer { data in
            var total = 0.0
            for row in 0..<rowCount {
                let label = Int(labels[row])
                let source = data.baseAddress! + row * columnCount
                var distance = 0.0
                for feature in 0..<columnCount {
                    let difference = Double(source[feature]) - Double(centers[feature * clusterCount + label])
                    distance += difference * difference
                }
                total += distance
            }
            return total
        }
    }
}
