import Analysis
import LinearAlgebra
import Testing

@Suite("Cluster summaries and the shortcut check")
struct ClusterSummaryTests {
    static let sparse = SparseMatrix(columnCount: 4, rows: [
        [(column: 0, value: 0.6), (column: 2, value: 0.8)],
        [(column: 0, value: 1.0)],
        [(column: 1, value: 1.0)],
    ])

    @Test("top columns are the highest cluster means, largest first, without zero or excluded columns")
    func topColumns() {
        let assignments = [0, 0, 1]
        for summary in [
            ClusterSummary.topColumns(of: Self.sparse, assignments: assignments, cluster: 0, count: 5, excludedColumns: []),
            ClusterSummary.topColumns(of: Self.sparse.densified(), assignments: assignments, cluster: 0, count: 5, excludedColumns: []),
        ] {
            #expect(summary.map(\.column) == [0, 2])
            #expect(abs(summary[0].weight - 0.8) < 1e-6 && abs(summary[1].weight - 0.4) < 1e-6)
        }
        let excluded = ClusterSummary.topColumns(of: Self.sparse, assignments: assignments, cluster: 0, count: 5, excludedColumns: [0])
        #expect(excluded.map(\.column) == [2])
        let first = ClusterSummary.topColumns(of: Self.sparse, assignments: assignments, cluster: 0, count: 1, excludedColumns: [])
        #expect(first.map(\.column) == [0])
        #expect(ClusterSummary.topColumns(of: Self.sparse, assignments: assignments, cluster: 2, count: 3, excludedColumns: []).isEmpty)
    }

    @Test("the shortcut check picks the most precise cluster, then the higher recall, then the lower index")
    func shortcutCheck() {
        let plain = ShortcutCheck.bestCluster(assignments: [0, 0, 1, 1, 1, 2, 2], clusterCount: 3,
                                              truth: [true, false, true, true, false, true, true])
        #expect(plain == ShortcutCheckResult(bestCluster: 2, size: 2, precision: 1, recall: 0.4, truthCount: 5))
        let recallBreaksTie = ShortcutCheck.bestCluster(assignments: [0, 1, 1, 2], clusterCount: 3, truth: [true, true, true, false])
        #expect(recallBreaksTie.bestCluster == 1 && recallBreaksTie.size == 2)
        #expect(abs(recallBreaksTie.recall - 2.0 / 3.0) < 1e-12)
        let indexBreaksTie = ShortcutCheck.bestCluster(assignments: [0, 0, 1, 1, 2], clusterCount: 4,
                                                       truth: [true, false, true, false, false])
        #expect(indexBreaksTie.bestCluster == 0 && indexBreaksTie.precision == 0.5 && indexBreaksTie.recall == 0.5)
        let noTruth = ShortcutCheck.bestCluster(assignments: [0, 1], clusterCount: 2, truth: [false, false])
        #expect(noTruth == ShortcutCheckResult(bestCluster: 0, size: 1, precision: 0, recall: 0, truthCount: 0))
    }
}
