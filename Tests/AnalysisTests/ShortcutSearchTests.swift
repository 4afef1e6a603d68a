import Testing
import LinearAlgebra
@testable import Analysis

@Suite("Shortcut search: salience shares, concentration, evidence, ranking")
struct ShortcutSearchTests {
    /// Tokens: 0 = [CLS] (excluded), 1 = a, 2 = b, 3 = c, 4 = d.
    let tokenIDs: [[Int32]] = [[0, 1, 2, 1], [0, 3, 4], [0, 1, 3], [0, 2, 4, 4]]
    let scores: [[Float]] = [[9, 1, 2, -1], [5, 3, 1], [7, 0, 0], [1, 2, 1, 1]]

    @Test("shares: |s| summed per term over the counted positions, special tokens left out, an all-zero map gives an empty row")
    func shares() {
        let built = SalienceShares.build(tokenIDs: tokenIDs, scores: scores, vocabularySize: 5, excludedTokenIDs: [0])
        #expect(built.countedCounts == [3, 2, 2, 3])
        // Example 0: a has |1| + |−1| = 2 of 4, b has 2 of 4.
        #expect(built.shares.row(0).map(\.column) == [1, 2] && built.shares.row(0).map(\.value) == [0.5, 0.5])
        #expect(built.shares.row(1).map(\.value) == [0.75, 0.25])
        #expect(built.shares.row(2).isEmpty, "scores all zero: no share")
        #expect(abs(SalienceShares.share(built.shares, row: 3, column: 4) - 0.5) < 1e-7)
        #expect(SalienceShares.share(built.shares, row: 3, column: 1) == 0)
    }

    @Test("concentration: a term leads when its mean share reaches 3 / mean length; the second joins as a pair only when it is strong too")
    func concentration() {
        // Ten-token examples: threshold 3 / 10 = 0.3.
        func row(_ entries: [(Int, Float)]) -> [(column: Int, value: Float)] { entries.map { (column: $0.0, value: $0.1) } }
        let shares = SparseMatrix(columnCount: 6, rows: [
            row([(1, 0.5), (2, 0.4), (3, 0.1)]), row([(1, 0.4), (2, 0.3), (3, 0.3)]),   // cluster 0: 1 → 0.45, 2 → 0.35: a pair
            row([(3, 0.4), (4, 0.35), (5, 0.6)]), row([(3, 0.35), (4, 0.4), (5, 0.6)]),   // cluster 1: 5 is not eligible; 3 and 4 → 0.375
            row([(1, 0.2), (2, 0.2), (3, 0.2), (4, 0.2), (5, 0.2)]),                   // cluster 2: nothing reaches 0.3
        ])
        let leads = ClusterConcentration.leads(shares: shares, countedCounts: [10, 10, 10, 10, 10], assignments: [0, 0, 1, 1, 2],
                                               clusterCount: 3, factor: 3, eligible: { $0 != 5 })
        #expect(leads.map(\.threshold).allSatisfy { abs($0 - 0.3) < 1e-12 })
        #expect(leads[0].terms.map(\.column) == [1, 2] && abs(leads[0].terms[0].share - 0.45) < 1e-6)
        #expect(leads[1].terms.map(\.column) == [3, 4], "ties go to the lower column; an ineligible column never leads")
        #expect(leads[2].terms.isEmpty && leads[2].size == 1)
        let short = ClusterConcentration.leads(shares: shares, countedCounts: [2, 2, 2, 2, 2], assignments: [0, 0, 1, 1, 2],
                                               clusterCount: 3, factor: 3, eligible: { _ in true })
        #expect(short[0].threshold == ClusterConcentration.maximumThreshold && short[0].terms.isEmpty, "short texts: at most half the mass is asked for")
    }

    @Test("evidence: support, prediction precision and lift, label precision over labelled rows, share over the rows predicted as the class")
    func evidence() {
        let built = SalienceShares.build(tokenIDs: tokenIDs, scores: scores, vocabularySize: 5, excludedTokenIDs: [0])
        let index = TermSetIndex(tokenIDs: tokenIDs, predictions: [1, 1, 0, 1], labels: [1, 0, nil, 1], shares: built.shares)
        #expect(index.rows(containing: [1]) == [0, 2] && index.rows(containing: [2, 4]) == [3] && index.rows(containing: [1, 4]).isEmpty)
        let single = index.evidence(for: [4], classIndex: 1)   // rows 1 and 3, both predicted 1
        #expect(single.support == 2 && single.predictedCount == 2 && single.predictionPrecision == 1)
        #expect(single.baseRate == 0.75 && abs(single.lift - 4.0 / 3) < 1e-12)
        #expect(single.labelPrecision == 0.5)
        #expect(abs(single.salienceShare - (0.25 + 0.5) / 2) < 1e-7)
        #expect(single.exampleRows == [3, 1], "largest share first")
        let pair = index.evidence(for: [1, 3], classIndex: 0)  // row 2 only, unlabelled
        #expect(pair.support == 1 && pair.predictionPrecision == 1 && pair.labelPrecision == nil && pair.salienceShare == 0)
    }

    @Test("ranking: precision shrunk toward the base rate by 10 pseudo-examples, effect from insert and mask, verified score = E × e")
    func ranking() {
        // 5 of 5 at base rate 0.5: (5 + 5) / 15 = 2/3, normalized lift (2/3 − 1/2) / (1/2) = 1/3.
        #expect(abs(ShortcutRanking.smoothedPrecision(support: 5, predictedCount: 5, baseRate: 0.5) - 2.0 / 3) < 1e-12)
        #expect(abs(ShortcutRanking.normalizedLift(support: 5, predictedCount: 5, baseRate: 0.5) - 1.0 / 3) < 1e-12)
        #expect(abs(ShortcutRanking.normalizedLift(support: 90, predictedCount: 90, baseRate: 0.5) - 0.9) < 1e-12)
        #expect(ShortcutRanking.normalizedLift(support: 50, predictedCount: 10, baseRate: 0.5) == 0, "below the base rate: no lift")
        #expect(ShortcutRanking.normalizedLift(support: 3, predictedCount: 3, baseRate: 1) == 1)
        #expect(ShortcutRanking.effect(insertChange: 0.8, maskChange: -0.6) == 0.7)
        #expect(ShortcutRanking.effect(insertChange: 0.4, maskChange: nil) == 0.4)
        #expect(ShortcutRanking.effect(insertChange: -0.2, maskChange: 0.1) == 0)
        #expect(ShortcutRanking.effect(insertChange: nil, maskChange: nil) == nil)
        #expect(ShortcutRanking.score(evidence: 0.5, effect: 0.7) == 0.35 && ShortcutRanking.score(evidence: 0.5, effect: nil) == 0.5)
    }

    @Test("the one-cluster shortcut check agrees with the best-cluster check on the cluster that one picks")
    func oneClusterCheck() {
        let assignments = [0, 1, 1, 2, 1, 0, 2, 2]
        let truth = [false, true, true, false, false, true, false, true]
        let best = ShortcutCheck.bestCluster(assignments: assignments, clusterCount: 3, truth: truth)
        #expect(ShortcutCheck.check(cluster: best.bestCluster, assignments: assignments, truth: truth) == best)
        let other = ShortcutCheck.check(cluster: 2, assignments: assignments, truth: truth)
        #expect(other.size == 3 && abs(other.precision - 1.0 / 3) < 1e-12 && other.recall == 0.25 && other.truthCount == 4)
    }
}
