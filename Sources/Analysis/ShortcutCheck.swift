/// The shortcut check's answer for one clustering: the cluster that best isolates a known
/// subset (paper Tables 1 and 3).
public struct ShortcutCheckResult: Sendable, Codable, Equatable {
    /// Index of the chosen cluster.
    public var bestCluster: Int
    /// Number of rows in that cluster.
    public var size: Int
    /// Fraction of the cluster's rows that are in the truth subset (0 for an empty cluster).
    public var precision: Double
    /// Fraction of the truth subset that lies in the cluster (0 when the subset is empty).
    public var recall: Double
    /// Size of the truth subset.
    public var truthCount: Int

    /// A result from its parts.
    public init(bestCluster: Int, size: Int, precision: Double, recall: Double, truthCount: Int) {
        self.bestCluster = bestCluster
        self.size = size
        self.precision = precision
        self.recall = recall
        self.truthCount = truthCount
    }
}

/// Compares a clustering with a ground-truth subset (docs/METHOD.md §6.3).
public enum ShortcutCheck {
    /// The cluster with the highest precision against the truth subset (ties: higher
    /// recall, then lower index) — the paper's Tables 1 and 3.
    ///
    /// - Parameters:
    ///   - assignments: cluster of every example, `[n]`, values in `0..<clusterCount`.
    ///   - truth: whether each example is in the subset, `[n]`.
    /// - Complexity: O(n + clusterCount).
    public static func bestCluster(assignments: [Int], clusterCount: Int, truth: [Bool]) -> ShortcutCheckResult {
        precondition(assignments.count == truth.count,
                     "Shortcut check needs one truth flag per example: \(assignments.count) assignments, \(truth.count) flags")
        precondition(clusterCount >= 1, "Shortcut check needs at least one cluster, got \(clusterCount)")
        var sizes = [Int](repeating: 0, count: clusterCount)
        var hits = [Int](repeating: 0, count: clusterCount)
        for (cluster, isTrue) in zip(assignments, truth) {
            precondition(cluster >= 0 && cluster < clusterCount, "Cluster \(cluster) is outside 0..<\(clusterCount)")
            sizes[cluster] += 1
            if isTrue { hits[cluster] += 1 }
        }
        let truthCount = truth.reduce(0) { $0 + ($1 ? 1 : 0) }
        func result(_ cluster: Int) -> ShortcutCheckResult {
            ShortcutCheckResult(
                bestCluster: cluster, size: sizes[cluster],
                precision: sizes[cluster] > 0 ? Double(hits[cluster]) / Double(sizes[cluster]) : 0,
                recall: truthCount > 0 ? Double(hits[cluster]) / Double(truthCount) : 0,
                truthCount: truthCount)
        }
        var best = result(0)
        for cluster in 1..<clusterCount {
            let candidate = result(cluster)
            if candidate.precision > best.precision || (candidate.precision == best.precision && candidate.recall > best.recall) {
                best = candidate
            }
        }
        return best
    }

    /// How well one given `cluster` isolates the truth subset: its size, precision and recall
    /// (the shortcut search reports this for every cluster a candidate led, with truth = the
    /// examples containing the candidate).
    /// - Complexity: O(n).
    public static func check(cluster: Int, assignments: [Int], truth: [Bool]) -> ShortcutCheckResult {
        precondition(assignments.count == truth.count,
                     "Shortcut check needs one truth flag per example: \(assignments.count) assignments, \(truth.count) flags")
        var size = 0, hits = 0, truthCount = 0
        for (assigned, isTrue) in zip(assignments, truth) {
            if isTrue { truthCount += 1 }
            guard assigned == cluster else { continue }
            size += 1
            if isTrue { hits += 1 }
        }
        return ShortcutCheckResult(bestCluster: cluster, size: size,
                                   precision: size > 0 ? Double(hits) / Double(size) : 0,
                                   recall: truthCount > 0 ? Double(hits) / Double(truthCount) : 0, truthCount: truthCount)
    }
}
