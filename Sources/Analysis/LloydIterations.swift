import LinearAlgebra

/// The Lloyd loop of one k-means run, following scikit-learn 1.7's `_kmeans_single_lloyd`
/// (sklearn/cluster/_kmeans.py) and its Cython helpers (`_k_means_common.pyx`):
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

    /// One run from `initialCenters` (feature-major `[columnCount, clusterCount]`).
    /// - Complexity: O(iterations × (assignment + n + k × d)); the assignment is
    ///   O(nnz × k) sparse or O(n × d × k) dense.
    func run(initialCenters: [Float]) -> (labels: [Int32], centers: [Float], inertia: Double, iterationCount: Int) {
        let rowCount = data.rowCount, columnCount = data.columnCount, clusterCount = self.clusterCount
        let workspace = data.makeWorkspace(clusterCount: clusterCount)
        var centers = initialCenters
        var newCenters = [Float](repeating: 0, count: columnCount * clusterCount)
        var centerNorms = [Float](repeating: 0, count: clusterCount)
        var labels = [Int32](repeating: -1, count: rowCount)
        var previousLabels = [Int32](repeating: -1, count: rowCount)
        var distances = [Float](repeating: 0, count: rowCount)
        var counts = [Int](repeating: 0, count: clusterCount)
        var strictConvergence = false
        var iterationCount = 0

        for iteration in 0..<maximumIterationCount {
            iterationCount = iteration + 1
            Self.squaredNorms(of: centers, columnCount: columnCount, clusterCount: clusterCount, into: &centerNorms)
            centers.withUnsafeBufferPointer { centers in
                centerNorms.withUnsafeBufferPointer { norms in
                    labels.withUnsafeMutableBufferPointer { labels in
                        distances.withUnsafeMutableBufferPointer { distances in
                            data.assign(centers: centers.baseAddress!, centerSquaredNorms: norms.baseAddress!,
                                        clusterCount: clusterCount, labels: labels.baseAddress!,
                                        distances: distances.baseAddress!, workspace: workspace)
                        }
                    }
                }
            }
            for index in counts.indices { counts[index] = 0 }
            for label in labels { counts[Int(label)] += 1 }
            newCenters.withUnsafeMutableBufferPointer { sums in
                sums.update(repeating: 0)
                labels.withUnsafeBufferPointer { labels in
                    data.accumulate(labels: labels.baseAddress!, clusterCount: clusterCount,
                                    sums: sums.baseAddress!, workspace: workspace)
                }
                relocateEmptyClusters(sums: sums.baseAddress!, counts: &counts, labels: labels, distances: distances)
                Self.average(sums: sums.baseAddress!, counts: counts, columnCount: columnCount)
            }
            let shift = Self.squaredShift(from: centers, to: newCenters)
            swap(&centers, &newCenters)
            if labels == previousLabels {
                strictConvergence = true
                break
            }
            if shift <= tolerance { break }
            previousLabels = labels
        }

        if !strictConvergence {
            Self.squaredNorms(of: centers, columnCount: columnCount, clusterCount: clusterCount, into: &centerNorms)
            centers.withUnsafeBufferPointer { centers in
                centerNorms.withUnsafeBufferPointer { norms in
                    labels.withUnsafeMutableBufferPointer { labels in
                        distances.withUnsafeMutableBufferPointer { distances in
                            data.assign(centers: centers.baseAddress!, centerSquaredNorms: norms.baseAddress!,
                                        clusterCount: clusterCount, labels: labels.baseAddress!,
                                        distances: distances.baseAddress!, workspace: workspace)
                        }
                    }
                }
            }
        }
        let inertia = labels.withUnsafeBufferPointer { labels in
            centers.withUnsafeBufferPointer { centers in
                data.inertia(labels: labels.baseAddress!, centers: centers.baseAddress!, clusterCount: clusterCount)
            }
        }
        return (labels, centers, inertia, iterationCount)
    }

    /// Moves the farthest rows into empty clusters (see the type's documentation).
    private func relocateEmptyClusters(sums: UnsafeMutablePointer<Float>, counts: inout [Int], labels: [Int32], distances: [Float]) {
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

    /// Divides each centre's sum by its count; empty centres copy the largest cluster's mean.
    private static func average(sums: UnsafeMutablePointer<Float>, counts: [Int], columnCount: Int) {
        let clusterCount = counts.count
        let scales = counts.map { $0 > 0 ? 1 / Float($0) : 0 }
        var largest = 0
        for center in counts.indices where counts[center] > counts[largest] { largest = center }
        let hasEmpty = counts.contains(0)
        for feature in 0..<columnCount {
            let base = sums + feature * clusterCount
            for center in 0..<clusterCount { base[center] *= scales[center] }
            if hasEmpty {
                for center in 0..<clusterCount where counts[center] == 0 { base[center] = base[largest] }
            }
        }
    }

    /// ‖c_j‖² of every centre of a feature-major buffer.
    static func squaredNorms(of centers: [Float], columnCount: Int, clusterCount: Int, into norms: inout [Float]) {
        var accumulated = [Double](repeating: 0, count: clusterCount)
        centers.withUnsafeBufferPointer { centers in
            for feature in 0..<columnCount {
                let base = centers.baseAddress! + feature * clusterCount
                for center in 0..<clusterCount { accumulated[center] += Double(base[center] * base[center]) }
            }
        }
        for center in 0..<clusterCount { norms[center] = Float(accumulated[center]) }
    }

    /// Σ_j ‖new_j − old_j‖² (squared Frobenius norm of the change).
    static func squaredShift(from old: [Float], to new: [Float]) -> Double {
        old.withUnsafeBufferPointer { old in
            new.withUnsafeBufferPointer { new in
                var total = 0.0
                for index in 0..<old.count {
                    let difference = Double(new[index] - old[index])
                    total += difference * difference
                }
                return total
            }
        }
    }
}
