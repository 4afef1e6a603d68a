import LinearAlgebra

/// What one cluster proposes (docs/METHOD.md, "Shortcut search"): its leading term and, when the second is
/// strong too, its leading pair.
public struct ClusterLead: Sendable, Equatable {
    /// The cluster index.
    public var cluster: Int
    /// Members of the cluster.
    public var size: Int
    /// Mean number of counted positions (tokens other than the special ones) of the members.
    public var meanLength: Double
    /// The share a term must reach to be strong: `strengthFactor / meanLength`, at most `maximumThreshold`.
    public var threshold: Double
    /// The strong leading terms (columns) with their mean shares, largest first: none (the
    /// cluster is not concentrated), one (a term) or two (a pair).
    public var terms: [(column: Int, share: Double)]

    /// A lead from its parts.
    public init(cluster: Int, size: Int, meanLength: Double, threshold: Double, terms: [(column: Int, share: Double)]) {
        self.cluster = cluster
        self.size = size
        self.meanLength = meanLength
        self.threshold = threshold
        self.terms = terms
    }

    public static func == (left: ClusterLead, right: ClusterLead) -> Bool {
        left.cluster == right.cluster && left.size == right.size && left.meanLength == right.meanLength && left.threshold == right.threshold
            && left.terms.map(\.column) == right.terms.map(\.column) && left.terms.map(\.share) == right.terms.map(\.share)
    }
}

/// The concentration criterion of the shortcut search (docs/METHOD.md, "Shortcut search"): a term is strong in
/// a cluster when its mean salience share there is at least 1.5 times what one position would
/// get if salience were spread evenly over the members' tokens.
public enum ClusterConcentration {
    /// How many times the even share a term needs (1.5: see docs/METHOD.md, "Shortcut search").
    public static let strengthFactor = 1.5
    /// The threshold never asks for more than half the mass (short texts would otherwise ask for more than a word can hold).
    public static let maximumThreshold = 0.5

    /// The strong leading terms of each cluster.
    ///
    /// - Parameters:
    ///   - shares: per-example shares `[n, |V|]` (`SalienceShares.build`).
    ///   - countedCounts: counted positions per example, `[n]`.
    ///   - assignments: cluster of every row, `[n]`, values in `0..<clusterCount`.
    ///   - factor: how many times the even share a strong term needs.
    ///   - eligible: whether a column may lead (words, not punctuation or `##` pieces).
    /// - Returns: one lead per cluster, in cluster order (empty clusters have no terms).
    /// - Complexity: O(nnz + clusterCount × touched columns).
    public static func leads(shares: SparseMatrix, countedCounts: [Int], assignments: [Int], clusterCount: Int,
                             factor: Double = strengthFactor, eligible: (Int) -> Bool) -> [ClusterLead] {
        precondition(assignments.count == shares.rowCount && countedCounts.count == shares.rowCount,
                     "Concentration needs one assignment and count per row: \(assignments.count) assignments, \(countedCounts.count) counts for [\(shares.rowCount), \(shares.columnCount)]")
        var members = [[Int]](repeating: [], count: clusterCount)
        for (row, cluster) in assignments.enumerated() {
            precondition(cluster >= 0 && cluster < clusterCount, "Cluster \(cluster) is outside 0..<\(clusterCount)")
            members[cluster].append(row)
        }
        var sums = [Double](repeating: 0, count: shares.columnCount)
        var touched: [Int] = []
        return (0..<clusterCount).map { cluster in
            let rows = members[cluster]
            guard !rows.isEmpty else { return ClusterLead(cluster: cluster, size: 0, meanLength: 0, threshold: maximumThreshold, terms: []) }
            var lengthSum = 0
            touched.removeAll(keepingCapacity: true)
            for row in rows {
                lengthSum += countedCounts[row]
                for entry in shares.rowOffsets[row]..<shares.rowOffsets[row + 1] {
                    let column = Int(shares.columnIndices[entry])
                    if sums[column] == 0 { touched.append(column) }
                    sums[column] += Double(shares.values[entry])
                }
            }
            var first: (column: Int, share: Double)?
            var second: (column: Int, share: Double)?
            let scale = 1 / Double(rows.count)
            for column in touched {
                let share = sums[column] * scale
                sums[column] = 0
                guard eligible(column) else { continue }
                if first == nil || share > first!.share || (share == first!.share && column < first!.column) {
                    second = first
                    first = (column, share)
                } else if second == nil || share > second!.share || (share == second!.share && column < second!.column) {
                    second = (column, share)
                }
            }
            let meanLength = Double(lengthSum) * scale
            let threshold = meanLength > 0 ? min(maximumThreshold, factor / meanLength) : maximumThreshold
            var terms: [(column: Int, share: Double)] = []
            if let first, first.share >= threshold {
                terms.append(first)
                if let second, second.share >= threshold { terms.append(second) }
            }
            return ClusterLead(cluster: cluster, size: rows.count, meanLength: meanLength, threshold: threshold, terms: terms)
        }
    }
}
