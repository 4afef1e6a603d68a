import LinearAlgebra

/// k-means kernels on a dense matrix.
///
/// As scikit-learn does for dense input (`KMeans.fit`, sklearn/cluster/_kmeans.py), the data
/// is centred on its column means first, which keeps ‖x‖² − 2 x·c + ‖c‖² accurate in Float;
/// the means are added back to the final centroids. Distances to all centres come from
/// `[rows, d] · [d, k]` GEMMs over row chunks (`chunkRowCount`), each chunk's rows being added
/// to the centre sums while they are still in cache (scikit-learn also works in chunks).
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

    func featureMajorCenters(from centroids: Matrix) -> [Float] {
        var shifted = centroids
        for row in 0..<shifted.rowCount {
            for column in 0..<shifted.columnCount { shifted[row, column] -= columnMeans[column] }
        }
        return shifted.transposed().values
    }

    func centroids(fromFeatureMajor centers: [Float], clusterCount: Int) -> Matrix {
        var centroids = Matrix(rowCount: columnCount, columnCount: clusterCount, values: centers).transposed()
        for row in 0..<clusterCount {
            for column in 0..<columnCount { centroids[row, column] += columnMeans[column] }
        }
        return centroids
    }

    /// Scratch: one chunk's `[chunkRowCount, k]` dot products and the `[k, columnCount]`
    /// row-major sums.
    final class Workspace {
        var dots: [Float]
        var rowMajorSums: [Float]
        init(chunkRowCount: Int, columnCount: Int, clusterCount: Int) {
            dots = [Float](repeating: 0, count: chunkRowCount * clusterCount)
            rowMajorSums = [Float](repeating: 0, count: clusterCount * columnCount)
        }
    }

    func makeWorkspace(clusterCount: Int) -> Workspace {
        Workspace(chunkRowCount: chunkRowCount(width: clusterCount), columnCount: columnCount, clusterCount: clusterCount)
    }

    /// Rows per GEMM call against `width` centres or candidates.
    ///
    /// OpenBLAS runs a product of at most 65,536 × 4 multiply-adds on the calling thread
    /// (`interface/gemm.c`, SMP_THRESHOLD_MIN × GEMM_MULTITHREAD_THRESHOLD); chunks below
    /// that keep each restart on its own core, so concurrent restarts do not fight over
    /// OpenBLAS's thread pool, and a chunk of rows stays in cache for the centre sums.
    func chunkRowCount(width: Int) -> Int {
        min(max(262_144 / max(width * columnCount, 1), 16), 1024)
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
        return meanVariance(sums: sums, squares: squares, rowCount: rowCount, averagedOver: columnCount)
    }

    /// Blocks of `KMeansLockstep.blockRowCount` rows run concurrently; each block's products
    /// `[candidates, rows]` go straight into `output` (one sgemm), then become distances in place.
    func squaredDistances(fromRows candidates: [Int], into output: UnsafeMutablePointer<Float>) {
        let trialCount = candidates.count, rowCount = self.rowCount, columnCount = self.columnCount
        let chosen = centered.rows(candidates)
        let candidateNorms = candidates.map { rowSquaredNorms[$0] }
        let output = SharedMutablePointer(output)
        centered.values.withUnsafeBufferPointer { data in
            chosen.values.withUnsafeBufferPointer { chosenValues in
                rowSquaredNorms.withUnsafeBufferPointer { norms in
                    let data = SharedPointer(data.baseAddress!), chosenValues = SharedPointer(chosenValues.baseAddress!)
                    let norms = SharedPointer(norms.baseAddress!)
                    ParallelFor.forEachRange(itemCount: rowCount, chunkSize: KMeansLockstep.blockRowCount) { rows in
                        gemm(.none, .transposed, m: trialCount, n: rows.count, k: columnCount,
                             a: chosenValues.base, lda: columnCount,
                             b: data.base + rows.lowerBound * columnCount, ldb: columnCount,
                             c: output.base + rows.lowerBound, ldc: rowCount)
                        for trial in 0..<trialCount {
                            let line = output.base + trial * rowCount
                            let candidateNorm = candidateNorms[trial]
                            for row in rows { line[row] = max(norms.base[row] + candidateNorm - 2 * line[row], 0) }
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
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>,
        sums: UnsafeMutablePointer<Float>?, workspace: Workspace
    ) {
        let rowCount = self.rowCount, columnCount = self.columnCount
        let chunk = chunkRowCount(width: clusterCount)
        centered.values.withUnsafeBufferPointer { data in
            rowSquaredNorms.withUnsafeBufferPointer { norms in
                workspace.dots.withUnsafeMutableBufferPointer { dots in
                    workspace.rowMajorSums.withUnsafeMutableBufferPointer { rowMajor in
                        let rowMajorSums = rowMajor.baseAddress!
                        if sums != nil { rowMajorSums.update(repeating: 0, count: clusterCount * columnCount) }
                        for chunkStart in stride(from: 0, to: rowCount, by: chunk) {
                            let chunkRows = min(chunk, rowCount - chunkStart)
                            let chunkData = data.baseAddress! + chunkStart * columnCount
                            gemm(.none, .none, m: chunkRows, n: clusterCount, k: columnCount,
                                 a: chunkData, lda: columnCount, b: centers, ldb: clusterCount,
                                 c: dots.baseAddress!, ldc: clusterCount)
                            for offset in 0..<chunkRows {
                                let row = chunkStart + offset
                                let rowDots = dots.baseAddress! + offset * clusterCount
                                var best = 0
                                var bestScore = centerSquaredNorms[0] - 2 * rowDots[0]
                                for center in 1..<max(clusterCount, 1) {
                                    let score = centerSquaredNorms[center] - 2 * rowDots[center]
                                    if score < bestScore { bestScore = score; best = center }
                                }
                                labels[row] = Int32(best)
                                distances[row] = max(norms[row] + bestScore, 0)
                                if sums != nil {
                                    let source = chunkData + offset * columnCount
                                    let destination = rowMajorSums + best * columnCount
                                    for feature in 0..<columnCount { destination[feature] += source[feature] }
                                }
                            }
                        }
                        guard let sums else { return }
                        // Row-major [k, d] → feature-major [d, k].
                        for center in 0..<clusterCount {
                            for feature in 0..<columnCount {
                                sums[feature * clusterCount + center] += rowMajorSums[center * columnCount + feature]
                            }
                        }
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
