import LinearAlgebra

/// Per-cluster summaries of a representation matrix (docs/METHOD.md §6.2, paper Table 2): the
/// columns (terms) with the highest mean value among a cluster's rows.
public enum ClusterSummary {
    /// Columns with the highest mean value among the rows assigned to `cluster`, largest
    /// first (ties: lower column), skipping excluded columns and zero means.
    ///
    /// - Parameters:
    ///   - data: sparse `[n, d]`.
    ///   - assignments: cluster of every row, `[n]`.
    /// - Returns: up to `count` pairs; empty when the cluster has no rows.
    /// - Complexity: O(nnz of the cluster's rows + d log count).
    public static func topColumns(
        of data: SparseMatrix, assignments: [Int], cluster: Int, count: Int, excludedColumns: Set<Int>
    ) -> [(column: Int, weight: Float)] {
        precondition(assignments.count == data.rowCount,
                     "Cluster summary needs one assignment per row: \(assignments.count) assignments for [\(data.rowCount), \(data.columnCount)]")
        var sums = [Double](repeating: 0, count: data.columnCount)
        var memberCount = 0
        for row in 0..<data.rowCount where assignments[row] == cluster {
            memberCount += 1
            for entry in data.rowOffsets[row]..<data.rowOffsets[row + 1] {
                sums[Int(data.columnIndices[entry])] += Double(data.values[entry])
            }
        }
        return ranked(sums: sums, memberCount: memberCount, count: count, excludedColumns: excludedColumns)
    }

    /// Columns with the highest mean value among the rows assigned to `cluster`, largest
    /// first (ties: lower column), skipping excluded columns and zero means.
    ///
    /// - Parameters:
    ///   - data: dense `[n, d]`.
    ///   - assignments: cluster of every row, `[n]`.
    /// - Returns: up to `count` pairs; empty when the cluster has no rows.
    /// - Complexity: O(cluster size × d + d log count).
    public static func topColumns(
        of data: Matrix, assignments: [Int], cluster: Int, count: Int, excludedColumns: Set<Int>
    ) -> [(column: Int, weight: Float)] {
        precondition(assignments.count == data.rowCount,
                     "Cluster summary needs one assignment per row: \(assignments.count) assignments for [\(data.rowCount), \(data.columnCount)]")
        let columnCount = data.columnCount
        var sums = [Double](repeating: 0, count: columnCount)
        var memberCount = 0
        data.values.withUnsafeBufferPointer { values in
            for row in 0..<data.rowCount where assignments[row] == cluster {
                memberCount += 1
                for column in 0..<columnCount { sums[column] += Double(values[row * columnCount + column]) }
            }
        }
        return ranked(sums: sums, memberCount: memberCount, count: count, excludedColumns: excludedColumns)
    }

    /// The `count` highest column means from column sums over `memberCount` rows.
    private static func ranked(sums: [Double], memberCount: Int, count: Int, excludedColumns: Set<Int>) -> [(column: Int, weight: Float)] {
        guard memberCount > 0, count > 0 else { return [] }
        var means = sums.map { Float($0 / Double(memberCount)) }
        for column in means.indices where means[column] == 0 || excludedColumns.contains(column) {
            means[column] = -.infinity
        }
        return topIndices(of: means, count: count)
            .filter { means[$0] > -.infinity }
            .map { (column: $0, weight: means[$0]) }
    }
}
