import Analysis
import LinearAlgebra
import Testing

@Suite("k-means invariants")
struct KMeansInvariantTests {
    /// A small seeded matrix with four well separated groups in 6 dimensions.
    static func blobs(rowCount: Int = 120, seed: UInt64 = 5) -> Matrix {
        var generator = SplitMix64(seed: seed)
        var data = Matrix(rowCount: rowCount, columnCount: 6)
        for row in 0..<rowCount {
            let group = row % 4
            for column in 0..<6 {
                data[row, column] = (column == group ? 5 : 0) + 0.5 * generator.nextNormal()
            }
        }
        return data
    }

    /// Σ_i ‖x_i − c_{a_i}‖² recomputed from scratch in Double.
    static func recomputedInertia(_ data: Matrix, _ result: KMeansResult) -> Double {
        var total = 0.0
        for row in 0..<data.rowCount {
            for column in 0..<data.columnCount {
                let difference = Double(data[row, column]) - Double(result.centroids[result.assignments[row], column])
                total += difference * difference
            }
        }
        return total
    }

    /// Index of the centre nearest to `row` (exact squared distances in Double).
    static func nearestCentre(_ data: Matrix, row: Int, _ centroids: Matrix) -> (index: Int, distance: Double, runnerUp: Double) {
        var distances: [Double] = []
        for centre in 0..<centroids.rowCount {
            var distance = 0.0
            for column in 0..<data.columnCount {
                let difference = Double(data[row, column]) - Double(centroids[centre, column])
                distance += difference * difference
            }
            distances.append(distance)
        }
        let best = distances.indices.min { distances[$0] < distances[$1] }!
        return (best, distances[best], distances.enumerated().filter { $0.offset != best }.map(\.element).min() ?? .infinity)
    }

    @Test("the same seed gives the same result, dense and sparse")
    func deterministic() throws {
        let data = Self.blobs()
        var first = SplitMix64(seed: 9), second = SplitMix64(seed: 9)
        let a = KMeans(clusterCount: 4).fit(data, generator: &first)
        let b = KMeans(clusterCount: 4).fit(data, generator: &second)
        #expect(a == b)
        let sparse = try NumpyFixture.sparse(columnCount: 3000).rows(Array(0..<400))
        var third = SplitMix64(seed: 3), fourth = SplitMix64(seed: 3)
        let c = KMeans(clusterCount: 5).fit(sparse, generator: &third)
        let d = KMeans(clusterCount: 5).fit(sparse, generator: &fourth)
        #expect(c == d)
    }

    @Test("every row is assigned to its nearest centre and the inertia is the recomputed sum")
    func assignmentsAndInertia() throws {
        let data = Self.blobs()
        var generator = SplitMix64(seed: 1)
        let result = KMeans(clusterCount: 4, initializationCount: 3).fit(data, generator: &generator)
        #expect(result.centroids.rowCount == 4 && result.centroids.columnCount == 6)
        for row in 0..<data.rowCount {
            let nearest = Self.nearestCentre(data, row: row, result.centroids)
            // A tie within rounding may go either way; otherwise the label must be the nearest.
            if nearest.runnerUp - nearest.distance > 1e-4 { #expect(result.assignments[row] == nearest.index) }
        }
        let recomputed = Self.recomputedInertia(data, result)
        #expect(abs(result.inertia - recomputed) <= 1e-6 * recomputed)
        // The four planted groups are recovered exactly.
        for row in 0..<data.rowCount { #expect(result.assignments[row] == result.assignments[row % 4]) }
        #expect(Set(result.assignments).count == 4)

        let sparse = try NumpyFixture.sparse(columnCount: 3000).rows(Array(0..<300))
        let sparseResult = KMeans(clusterCount: 10, initializationCount: 2).fit(sparse, generator: &generator)
        let dense = sparse.densified()
        for row in 0..<dense.rowCount {
            let nearest = Self.nearestCentre(dense, row: row, sparseResult.centroids)
            if nearest.runnerUp - nearest.distance > 1e-4 { #expect(sparseResult.assignments[row] == nearest.index) }
        }
        let sparseRecomputed = Self.recomputedInertia(dense, sparseResult)
        #expect(abs(sparseResult.inertia - sparseRecomputed) <= 1e-5 * sparseRecomputed)
    }

    @Test("k = n puts every distinct row in its own cluster with zero inertia")
    func oneClusterPerRow() {
        let data = Self.blobs(rowCount: 9)
        var generator = SplitMix64(seed: 4)
        let result = KMeans(clusterCount: 9, initializationCount: 2).fit(data, generator: &generator)
        #expect(Set(result.assignments).count == 9)
        #expect(result.inertia < 1e-9)
        let sparse = SparseMatrix(columnCount: 10, rows: (0..<7).map { [(column: $0, value: 1), (column: $0 + 3, value: 0.5)] })
        let sparseResult = KMeans(clusterCount: 7, initializationCount: 2).fit(sparse, generator: &generator)
        #expect(Set(sparseResult.assignments).count == 7)
        #expect(sparseResult.inertia < 1e-9)
    }

    @Test("sparse and dense input give the same clustering of the same data")
    func sparseMatchesDense() {
        // Well separated data without distance ties (rounding differs between the two paths,
        // so exact ties, common in 5-non-zero rows, may legitimately break differently).
        let dense = Self.blobs(rowCount: 200, seed: 21)
        let sparse = SparseMatrix(columnCount: dense.columnCount, rows: (0..<dense.rowCount).map { row in
            (0..<dense.columnCount).map { (column: $0, value: dense[row, $0]) }
        })
        var first = SplitMix64(seed: 12), second = SplitMix64(seed: 12)
        let fromSparse = KMeans(clusterCount: 4, initializationCount: 3).fit(sparse, generator: &first)
        let fromDense = KMeans(clusterCount: 4, initializationCount: 3).fit(dense, generator: &second)
        #expect(abs(fromSparse.inertia - fromDense.inertia) <= 1e-5 * fromDense.inertia)
        #expect(fromSparse.assignments == fromDense.assignments)
        #expect(fromSparse.iterationCount == fromDense.iterationCount)
    }

    @Test("an empty cluster is moved to the row farthest from its centre")
    func emptyClusterRelocation() {
        let data = Matrix(rows: [[0], [0.1], [0.3], [10], [10.1], [10.2]])
        let start = Matrix(rows: [[0.1], [10.1], [1000]])
        let result = KMeans(clusterCount: 3, initializationCount: 1).fit(data, initialCentroids: start)
        #expect(result.assignments == [0, 0, 2, 1, 1, 1])
        #expect(abs(result.centroids[2, 0] - 0.3) < 1e-6)
        #expect(abs(result.centroids[0, 0] - 0.05) < 1e-6)
        #expect(abs(result.inertia - 0.025) < 1e-6)
        let sparse = SparseMatrix(columnCount: 1, rows: data.values.map { [(column: 0, value: $0)] })
        let sparseResult = KMeans(clusterCount: 3, initializationCount: 1).fit(sparse, initialCentroids: start)
        #expect(sparseResult.assignments == [0, 0, 2, 1, 1, 1])
    }

    @Test("sparse fits from given centres agree with dense ones, even when the centres use columns no row has")
    func sparseStartOnUnusedColumns() {
        // Column 3 is zero in every row; centre 1 leans on it, which makes it farther from
        // everything in the first assignment than its other coordinates alone would.
        let dense = Matrix(rows: [[1, 0, 0, 0, 0], [0.9, 0.1, 0, 0, 0], [0, 1, 0.2, 0, 0], [0, 0.8, 0.3, 0, 0], [0.1, 0, 1, 0, 0.5]])
        let sparse = SparseMatrix(columnCount: 5, rows: (0..<5).map { row in
            (0..<5).map { (column: $0, value: dense[row, $0]) }
        })
        let start = Matrix(rows: [[1, 0, 0, 0, 0], [0, 0.9, 0.2, 1.5, 0], [0, 0, 1, 0, 0.4]])
        let fromSparse = KMeans(clusterCount: 3, initializationCount: 1).fit(sparse, initialCentroids: start)
        let fromDense = KMeans(clusterCount: 3, initializationCount: 1).fit(dense, initialCentroids: start)
        #expect(fromSparse.assignments == fromDense.assignments)
        #expect(abs(fromSparse.inertia - fromDense.inertia) < 1e-6)
        #expect(fromSparse.centroids.columnCount == 5)
        for row in 0..<3 {
            for column in 0..<5 { #expect(abs(fromSparse.centroids[row, column] - fromDense.centroids[row, column]) < 1e-6) }
        }
    }

    @Test("a sparse matrix whose rows are all empty clusters into one group with zero inertia")
    func emptyRows() {
        let empty = SparseMatrix(columnCount: 30, rows: [[(column: Int, value: Float)]](repeating: [], count: 6))
        var generator = SplitMix64(seed: 1)
        let result = KMeans(clusterCount: 3, initializationCount: 2).fit(empty, generator: &generator)
        #expect(result.assignments == [0, 0, 0, 0, 0, 0])
        #expect(result.inertia == 0)
        #expect(result.centroids == Matrix(rowCount: 3, columnCount: 30))
    }

    @Test("one restart with at most one iteration still returns consistent labels")
    func iterationCap() {
        let data = Self.blobs()
        var generator = SplitMix64(seed: 8)
        let result = KMeans(clusterCount: 4, initializationCount: 1, maximumIterationCount: 1).fit(data, generator: &generator)
        #expect(result.iterationCount == 1)
        let recomputed = Self.recomputedInertia(data, result)
        #expect(abs(result.inertia - recomputed) <= 1e-6 * recomputed)
    }
}
