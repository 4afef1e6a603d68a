@testable import Analysis
import LinearAlgebra
import Testing

/// The lockstep dense k-means against the same restarts run one at a time
/// (`KMeansSeeding` + `LloydIterations`, the path sparse data still takes).
@Suite("k-means restarts in lockstep")
struct KMeansLockstepTests {
    /// 2,600 rows (several 256-row blocks in each of the 8 parts) of 7 overlapping groups in
    /// 12 dimensions, so restarts converge after different numbers of iterations.
    static func overlapping() -> Matrix {
        var generator = SplitMix64(seed: 77)
        var data = Matrix(rowCount: 2600, columnCount: 12)
        for row in 0..<data.rowCount {
            let group = row % 7
            for column in 0..<12 {
                data[row, column] = (column % 7 == group ? 2 : 0) + Float(column == group + 5 ? 1 : 0) + generator.nextNormal()
            }
        }
        return data
    }

    static func generators(_ count: Int, seed: UInt64) -> [SplitMix64] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.split() }
    }

    /// The best of independent restarts by exact inertia (earliest on ties).
    static func oneAtATime(_ data: DenseKMeansData, clusterCount: Int, maximumIterationCount: Int, tolerance: Double,
                           generators: [SplitMix64]) -> (labels: [Int32], inertia: Double, iterationCounts: [Int]) {
        let lloyd = LloydIterations(data: data, clusterCount: clusterCount, maximumIterationCount: maximumIterationCount,
                                    tolerance: tolerance)
        var best: (labels: [Int32], inertia: Double)?
        var iterationCounts: [Int] = []
        for var generator in generators {
            let seeds = KMeansSeeding.centers(data: data, clusterCount: clusterCount, generator: &generator)
            let outcome = lloyd.run(initialCenters: seeds)
            iterationCounts.append(outcome.iterationCount)
            if best == nil || outcome.inertia < best!.inertia { best = (outcome.labels, outcome.inertia) }
        }
        return (best!.labels, best!.inertia, iterationCounts)
    }

    @Test("seeding draws the same rows as k-means++ run restart by restart")
    func seedingMatches() {
        let data = DenseKMeansData(Self.overlapping())
        let generators = Self.generators(10, seed: 3)
        let lockstep = KMeansLockstep(data: data, clusterCount: 6, maximumIterationCount: 300, tolerance: 0)
        let together = lockstep.seed(generators: generators)
        for (restart, generator) in generators.enumerated() {
            var own = generator
            #expect(together[restart] == KMeansSeeding.centers(data: data, clusterCount: 6, generator: &own), "restart \(restart)")
        }
    }

    @Test("the winner matches the best of the restarts run one at a time, to convergence and at an iteration cap")
    func winnerMatches() {
        let data = DenseKMeansData(Self.overlapping())
        let tolerance = 1e-4 * data.meanColumnVariance()
        for (cap, seed) in [(300, UInt64(11)), (2, UInt64(12))] {
            let generators = Self.generators(10, seed: seed)
            let reference = Self.oneAtATime(data, clusterCount: 5, maximumIterationCount: cap, tolerance: tolerance, generators: generators)
            // The restarts must not all stop together, or the lockstep bookkeeping goes untested.
            if cap == 300 { #expect(Set(reference.iterationCounts).count > 1, "\(reference.iterationCounts)") }
            let lockstep = KMeansLockstep(data: data, clusterCount: 5, maximumIterationCount: cap, tolerance: tolerance)
            let outcome = lockstep.run(generators: generators)
            #expect(outcome.labels == reference.labels, "cap \(cap)")
            #expect(abs(outcome.inertia - reference.inertia) <= 1e-6 * reference.inertia, "cap \(cap): \(outcome.inertia) vs \(reference.inertia)")
            if cap == 2 { #expect(outcome.iterationCount == 2) }
        }
    }

    @Test("more clusters than distinct rows: empty clusters end as the one-at-a-time restarts leave them")
    func emptyClusters() {
        // Four distinct rows, each repeated 30 times, and k = 6: two centres start on
        // duplicates, lose every row on ties, and nothing can be relocated (all distances 0).
        let distinct: [[Float]] = [[0, 0, 1], [4, 0, 0], [0, 3, 0], [2, 2, 2]]
        let data = DenseKMeansData(Matrix(rows: (0..<120).map { distinct[$0 % 4] }))
        let generators = Self.generators(4, seed: 5)
        let reference = Self.oneAtATime(data, clusterCount: 6, maximumIterationCount: 300, tolerance: 0, generators: generators)
        let outcome = KMeansLockstep(data: data, clusterCount: 6, maximumIterationCount: 300, tolerance: 0).run(generators: generators)
        #expect(outcome.labels == reference.labels)
        #expect(Set(outcome.labels).count == 4)
        #expect(outcome.inertia < 1e-9)
    }
}
