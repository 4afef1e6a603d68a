import LinearAlgebra

/// k-means kernels on a CSR matrix; the data is never densified.
///
/// The per-entry index arithmetic uses wrapping `&*` / `&+` (indices are bounded by the
/// buffer sizes): without the old package-wide `-Ounchecked`, overflow checks there cost
/// `salience-bench kmeans` 27% more processor time (user 6.3 s → 8.0 s, best of 3); with
/// wrapping arithmetic it took 5.7 s.
///
/// Distances use ‖x‖² − 2 x·c + ‖c‖²: x·c walks the row's non-zeros against the
/// feature-major centre buffer, so each stored entry costs one contiguous read of k floats.
///
/// Columns that are zero in every row (and in any given initial centre) stay zero in every
/// centre, so they are dropped: the kept columns are renumbered by decreasing frequency,
/// which shrinks the centre buffers from k × |V| to k × (columns in use) and packs the
/// frequent columns together in cache. Distances, shifts and the inertia are unchanged;
/// centroids are expanded back to the full width on the way out.
struct SparseKMeansData: KMeansData {
    let rowCount: Int
    /// Number of kept (compact) columns.
    let columnCount: Int
    /// Width of the input matrix.
    let originalColumnCount: Int
    /// Original column of every compact column, `[columnCount]`.
    let originalColumns: [Int32]
    /// CSR arrays over compact columns (entries keep the input's order within a row).
    let rowOffsets: [Int]
    let columnIndices: [Int32]
    let values: [Float]
    let rowSquaredNorms: [Float]

    /// Compacts `matrix`; columns where `alsoKeep` is non-zero are kept even if no row uses them.
    /// - Complexity: O(nnz + |V| log |V|).
    init(_ matrix: SparseMatrix, alsoKeep: Matrix? = nil) {
        rowCount = matrix.rowCount
        originalColumnCount = matrix.columnCount
        var frequencies = [Int](repeating: 0, count: matrix.columnCount)
        for column in matrix.columnIndices { frequencies[Int(column)] += 1 }
        var kept = frequencies.indices.filter { frequencies[$0] > 0 }
        if let alsoKeep {
            var extra = Set<Int>()
            for row in 0..<alsoKeep.rowCount {
                for column in 0..<alsoKeep.columnCount where alsoKeep[row, column] != 0 && frequencies[column] == 0 {
                    extra.insert(column)
                }
            }
            kept.append(contentsOf: extra)
        }
        kept.sort { frequencies[$0] > frequencies[$1] || (frequencies[$0] == frequencies[$1] && $0 < $1) }
        var compactIndex = [Int32](repeating: -1, count: matrix.columnCount)
        for (index, column) in kept.enumerated() { compactIndex[column] = Int32(index) }
        columnCount = kept.count
        originalColumns = kept.map { Int32($0) }
        rowOffsets = matrix.rowOffsets
        columnIndices = matrix.columnIndices.map { compactIndex[Int($0)] }
        values = matrix.values
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

    func featureMajorCenters(from centroids: Matrix) -> [Float] {
        let clusterCount = centroids.rowCount
        var centers = [Float](repeating: 0, count: columnCount * clusterCount)
        for (compact, original) in originalColumns.enumerated() {
            for center in 0..<clusterCount { centers[compact * clusterCount + center] = centroids[center, Int(original)] }
        }
        return centers
    }

    func centroids(fromFeatureMajor centers: [Float], clusterCount: Int) -> Matrix {
        var centroids = Matrix(rowCount: clusterCount, columnCount: originalColumnCount)
        for (compact, original) in originalColumns.enumerated() {
            for center in 0..<clusterCount { centroids[center, Int(original)] = centers[compact * clusterCount + center] }
        }
        return centroids
    }

    /// Scratch: the per-row dot products with the k centres, in blocks of 8.
    final class Workspace {
        var blockDots: [SIMD8<Float>]
        init(clusterCount: Int) { blockDots = [SIMD8<Float>](repeating: .zero, count: (clusterCount + 7) / 8) }
    }

    func makeWorkspace(clusterCount: Int) -> Workspace { Workspace(clusterCount: clusterCount) }

    /// Calls `body` with raw views of the CSR arrays and the row norms.
    @inline(__always)
    func withStorage<Result>(
        _ body: (UnsafePointer<Int>, UnsafePointer<Int32>, UnsafePointer<Float>, UnsafePointer<Float>) -> Result
    ) -> Result {
        rowOffsets.withUnsafeBufferPointer { offsets in
            columnIndices.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                    rowSquaredNorms.withUnsafeBufferPointer { norms in
                        // An empty matrix has nil base addresses; a one-element stand-in is never read.
                        withFallback(columns.baseAddress, Int32(0)) { columns in
                            withFallback(values.baseAddress, Float(0)) { values in
                                withFallback(norms.baseAddress, Float(0)) { norms in
                                    body(offsets.baseAddress!, columns, values, norms)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func meanColumnVariance() -> Double {
        // Over all original columns: the dropped ones have variance 0 but count in the mean.
        guard rowCount > 0, originalColumnCount > 0 else { return 0 }
        var sums = [Double](repeating: 0, count: columnCount)
        var squares = [Double](repeating: 0, count: columnCount)
        for entry in values.indices {
            let column = Int(columnIndices[entry]), value = Double(values[entry])
            sums[column] += value
            squares[column] += value * value
        }
        return meanVariance(sums: sums, squares: squares, rowCount: rowCount, averagedOver: originalColumnCount)
    }

    func squaredDistances(fromRows candidates: [Int], into output: UnsafeMutablePointer<Float>) {
        let trialCount = candidates.count, rowCount = self.rowCount
        // The candidates scattered feature-major, [columnCount, trialCount] plus a zero tail.
        var scattered = [Float](repeating: 0, count: columnCount * trialCount + centerPadding)
        var candidateNorms = [Float](repeating: 0, count: trialCount)
        withStorage { offsets, columns, values, norms in
            scattered.withUnsafeMutableBufferPointer { scattered in
                let base = scattered.baseAddress!
                for (trial, candidate) in candidates.enumerated() {
                    candidateNorms[trial] = norms[candidate]
                    for entry in offsets[candidate]..<offsets[candidate + 1] {
                        base[Int(columns[entry]) * trialCount + trial] = values[entry]
                    }
                }
                if trialCount <= 8 {
                    for row in 0..<rowCount {
                        var dots = SIMD8<Float>.zero
                        for entry in offsets[row]..<offsets[row + 1] {
                            dots += SIMD8(repeating: values[entry]) * loadEight(base + Int(columns[entry]) &* trialCount)
                        }
                        for trial in 0..<trialCount {
                            output[trial &* rowCount &+ row] = max(norms[row] + candidateNorms[trial] - 2 * dots[trial], 0)
                        }
                    }
                } else {
                    for row in 0..<rowCount {
                        for trial in 0..<trialCount {
                            var dot: Float = 0
                            for entry in offsets[row]..<offsets[row + 1] {
                                dot += values[entry] * base[Int(columns[entry]) &* trialCount &+ trial]
                            }
                            output[trial &* rowCount &+ row] = max(norms[row] + candidateNorms[trial] - 2 * dot, 0)
                        }
                    }
                }
            }
        }
    }

    func addRow(_ row: Int, scale: Float, toCenter center: Int, clusterCount: Int, centers: UnsafeMutablePointer<Float>) {
        withStorage { offsets, columns, values, _ in
            for entry in offsets[row]..<offsets[row + 1] {
                centers[Int(columns[entry]) &* clusterCount &+ center] += scale * values[entry]
            }
        }
    }

    func assign(
        centers: UnsafePointer<Float>, centerSquaredNorms: UnsafePointer<Float>, clusterCount: Int,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>,
        sums: UnsafeMutablePointer<Float>?, workspace: Workspace
    ) {
        let rowCount = self.rowCount
        withStorage { offsets, columns, values, norms in
            if clusterCount <= 8 {
                // One 8-wide accumulator; lanes past k read neighbouring features (or the zero
                // tail) and are masked by +∞ norms.
                var centerNorms = SIMD8<Float>(repeating: .infinity)
                for center in 0..<clusterCount { centerNorms[center] = centerSquaredNorms[center] }
                let laneIndices = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
                for row in 0..<rowCount {
                    let start = offsets[row], end = offsets[row + 1]
                    var dots = SIMD8<Float>.zero
                    for entry in start..<end {
                        dots += SIMD8(repeating: values[entry]) * loadEight(centers + Int(columns[entry]) &* clusterCount)
                    }
                    let scores = centerNorms - 2 * dots
                    // Lowest lane holding the minimum, without leaving the vector registers.
                    let minimum = scores.min()
                    let best = Int(laneIndices.replacing(with: 8, where: scores .!= SIMD8(repeating: minimum)).min())
                    labels[row] = Int32(best)
                    distances[row] = max(norms[row] + scores[best], 0)
                    if let sums {
                        for entry in start..<end { sums[Int(columns[entry]) &* clusterCount &+ best] += values[entry] }
                    }
                }
                return
            }
            let blockCount = (clusterCount + 7) / 8
            workspace.blockDots.withUnsafeMutableBufferPointer { blocks in
                let blockDots = blocks.baseAddress!
                for row in 0..<rowCount {
                    let start = offsets[row], end = offsets[row + 1]
                    for block in 0..<blockCount { blockDots[block] = .zero }
                    for entry in start..<end {
                        let value = SIMD8(repeating: values[entry])
                        let base = centers + Int(columns[entry]) &* clusterCount
                        for block in 0..<blockCount { blockDots[block] += value * loadEight(base + 8 &* block) }
                    }
                    var best = 0
                    var bestScore = centerSquaredNorms[0] - 2 * blockDots[0][0]
                    for center in 1..<clusterCount {
                        let score = centerSquaredNorms[center] - 2 * blockDots[center &>> 3][center & 7]
                        if score < bestScore { bestScore = score; best = center }
                    }
                    labels[row] = Int32(best)
                    distances[row] = max(norms[row] + bestScore, 0)
                    if let sums {
                        for entry in start..<end { sums[Int(columns[entry]) &* clusterCount &+ best] += values[entry] }
                    }
                }
            }
        }
    }

    func inertia(labels: UnsafePointer<Int32>, centers: UnsafePointer<Float>, clusterCount: Int) -> Double {
        // ‖c_j‖² in Double, then per row ‖c‖² + Σ_nnz ((x − c)² − c²) (the exact squared distance).
        let centerNorms = CenterUpdate.squaredNormsInDouble(of: centers, columnCount: columnCount, clusterCount: clusterCount)
        let rowCount = self.rowCount
        return withStorage { offsets, columns, values, _ in
            var total = 0.0
            for row in 0..<rowCount {
                let label = Int(labels[row])
                var distance = centerNorms[label]
                for entry in offsets[row]..<offsets[row + 1] {
                    let centerValue = Double(centers[Int(columns[entry]) &* clusterCount &+ label])
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
