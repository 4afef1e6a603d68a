import LinearAlgebra

/// The Lloyd loop of one k-means run, following scikit-learn 1.7's `_kmeans_single_lloyd`
/// (sklearn/cluster/_kmeans.py) and its Cython helpers (`_k_means_common.pyx`,
/// `_k_means_lloyd.pyx`):
///
/// * each iteration assigns every row to its nearest centre, then moves each centre to the
///   mean of its rows;
/// * an empty cluster is relocated to the row farthest from its (old) centre, the n_empty
///   farthest rows going to the empty clusters in index order (farthest first; ties by
///   lower row index), that row's contribution moving out of its current cluster's sum;
///   nothing is relocated when every distance is zero. A cluster still empty after that is
///   placed on the centre of the largest cluster;
/// * it stops on "strict convergence" (labels identical to the previous iteration's) or
///   when Σ_j ‖c_j^new − c_j^old‖² ≤ tolerance, where the caller passes scikit-learn's
///   absolute tolerance tol × mean per-feature variance (`_tolerance`), or after
///   `maximumIterationCount` iterations;
/// * without strict convergence, a final assignment step makes the labels match the
///   returned centres; the inertia is then computed exactly, in Double.
struct LloydIterations<Data: KMeansData> {
    let data: Data
    let clusterCount: Int
    let maximumIterationCount: Int
    /// Absolute bound on the squared centre shift.
    let tolerance: Double

    /// One run from `initialCenters` (feature-major `[columnCount, clusterCount]`, with or
    /// without the zero tail).
    /// - Complexity: O(iterations × (assignment + n + k × d)); the assignment is
    ///   O(nnz × k) sparse or O(n × d × k) dense.
    func run(initialCenters: [Float]) -> (labels: [Int32], centers: [Float], inertia: Double, iterationCount: Int) {
        let rowCount = data.rowCount, columnCount = data.columnCount, clusterCount = self.clusterCount
        let bufferCount = centerBufferCount(columnCount: columnCount, clusterCount: clusterCount)
        let workspace = data.makeWorkspace(clusterCount: clusterCount)
        var centers = [Float](repeating: 0, count: bufferCount)
        centers.replaceSubrange(0..<(columnCount * clusterCount), with: initialCenters.prefix(columnCount * clusterCount))
        var newCenters = [Float](repeating: 0, count: bufferCount)
        var centerNorms = CenterUpdate.squaredNorms(of: centers, columnCount: columnCount, clusterCount: clusterCount)
        var labels = [Int32](repeating: -1, count: rowCount)
        var previousLabels = [Int32](repeating: -1, count: rowCount)
        var distances = [Float](repeating: 0, count: rowCount)
        var counts = [Int](repeating: 0, count: clusterCount)
        var strictConvergence = false
        var iterationCount = 0

        for iteration in 0..<maximumIterationCount {
            iterationCount = iteration + 1
            newCenters.withUnsafeMutableBufferPointer { sums in
                sums.update(repeating: 0)
                assign(centers: centers, norms: centerNorms, labels: &labels, distances: &distances,
                       sums: sums.baseAddress!, workspace: workspace)
            }
            for index in counts.indices { counts[index] = 0 }
            for label in labels { counts[Int(label)] += 1 }
            newCenters.withUnsafeMutableBufferPointer { sums in
                relocateEmptyClusters(sums: sums.baseAddress!, counts: &counts, labels: labels, distances: distances)
            }
            let shift = CenterUpdate.average(sums: &newCenters, counts: counts, previous: centers,
                                             columnCount: columnCount, norms: &centerNorms)
            swap(&centers, &newCenters)
            if labels == previousLabels {
                strictConvergence = true
                break
            }
            if shift <= tolerance { break }
            swap(&labels, &previousLabels)
            // `labels` is fully rewritten by the next assignment.
        }
        if !strictConvergence {
            // A stop on tolerance or the iteration cap: labels must match the final centres.
            assign(centers: centers, norms: centerNorms, labels: &labels, distances: &distances, sums: nil, workspace: workspace)
        }
        let inertia = labels.withUnsafeBufferPointer { labels in
            centers.withUnsafeBufferPointer { centers in
                data.inertia(labels: labels.baseAddress!, centers: centers.baseAddress!, clusterCount: clusterCount)
            }
        }
        return (labels, Array(centers.prefix(columnCount * clusterCount)), inertia, iterationCount)
    }

    /// Runs the data's fused assignment (and, with `sums`, accumulation) step.
    private func assign(
        centers: [Float], norms: [Float], labels: inout [Int32], distances: inout [Float],
        sums: UnsafeMutablePointer<Float>?, workspace: Data.Workspace
    ) {
        centers.withUnsafeBufferPointer { centers in
            norms.withUnsafeBufferPointer { norms in
                labels.withUnsafeMutableBufferPointer { labels in
                    distances.withUnsafeMutableBufferPointer { distances in
                        data.assign(centers: centers.baseAddress!, centerSquaredNorms: norms.baseAddress!,
                                    clusterCount: clusterCount, labels: labels.baseAddress!,
                                    distances: distances.baseAddress!, sums: sums, workspace: workspace)
                    }
                }
            }
        }
    }

    /// Moves the farthest rows into empty clusters (see the type's documentation).
    private func relocateEmptyClusters(sums: UnsafeMutablePointer<Float>, counts: inout [Int], labels: [Int32], distances: [Float]) {
        labels.withUnsafeBufferPointer { labels in
            distances.withUnsafeBufferPointer { distances in
                Self.relocateEmptyClusters(data: data, clusterCount: clusterCount, sums: sums, counts: &counts,
                                           labels: labels.baseAddress!, distances: distances)
            }
        }
    }

    /// Moves the farthest rows (by `distances`, `[n]`) into the empty clusters of `counts`,
    /// updating the centre sums and counts; shared with `KMeansLockstep`.
    /// - Complexity: O(n + empty × d).
    static func relocateEmptyClusters(data: Data, clusterCount: Int, sums: UnsafeMutablePointer<Float>, counts: inout [Int],
                                      labels: UnsafePointer<Int32>, distances: UnsafeBufferPointer<Float>) {
        let emptyClusters = counts.indices.filter { counts[$0] == 0 }
        guard !emptyClusters.isEmpty, let largestDistance = distances.max(), largestDistance > 0 else { return }
        let farthestRows = topIndices(of: distances, count: emptyClusters.count)
        for (emptyCluster, row) in zip(emptyClusters, farthestRows) {
            let previousCluster = Int(labels[row])
            data.addRow(row, scale: -1, toCenter: previousCluster, clusterCount: clusterCount, centers: sums)
            data.addRow(row, scale: 1, toCenter: emptyCluster, clusterCount: clusterCount, centers: sums)
            counts[emptyCluster] = 1
            counts[previousCluster] -= 1
        }
    }
}
