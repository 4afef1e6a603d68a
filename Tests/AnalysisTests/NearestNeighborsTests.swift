import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("Nearest neighbours")
struct NearestNeighborsTests {
    @Test("sparse search equals a brute-force merge of the rows, bit for bit, ties and zero rows included")
    func sparseMatchesBruteForce() {
        var generator = SplitMix64(seed: 11)
        let pool = randomSparse(rowCount: 90, columnCount: 30, generator: &generator)
        let queries = randomSparse(rowCount: 25, columnCount: 30, generator: &generator)
        for count in [1, 4, 12, 200] {
            #expect(NearestNeighbors.search(queries: queries, pool: pool, count: count)
                    == bruteForce(queries: queries, pool: pool, count: count, excludeSelf: false))
            #expect(NearestNeighbors.search(queries: pool, pool: pool, count: count, excludeSelf: true)
                    == bruteForce(queries: pool, pool: pool, count: count, excludeSelf: true))
        }
    }

    @Test("dense search agrees with a double-precision brute force across block edges")
    func denseMatchesBruteForce() {
        var generator = SplitMix64(seed: 12)
        let pool = Matrix(rowCount: 53, columnCount: 9, values: (0..<(53 * 9)).map { _ in generator.nextNormal() })
        let queries = Matrix(rowCount: 17, columnCount: 9, values: (0..<(17 * 9)).map { _ in generator.nextNormal() })
        for (queryBlock, poolBlock) in [(512, 2048), (5, 7), (1, 1), (16, 53)] {
            for count in [1, 6, 60] {
                let found = NearestNeighbors.search(queries: queries, pool: pool, count: count, excludeSelf: false,
                                                    queryBlockSize: queryBlock, poolBlockSize: poolBlock)
                expectClose(found, denseReference(queries: queries, pool: pool, count: count, excludeSelf: false))
                let own = NearestNeighbors.search(queries: pool, pool: pool, count: count, excludeSelf: true,
                                                  queryBlockSize: queryBlock, poolBlockSize: poolBlock)
                expectClose(own, denseReference(queries: pool, pool: pool, count: count, excludeSelf: true))
            }
        }
    }

    @Test("dense search ranks ties by the lower pool row and gives zero rows similarity 0")
    func denseTiesAndZeroRows() {
        let pool = Matrix(rows: [[0, 0], [1, 0], [2, 0], [0, 1], [0, 0], [3, 0]])
        let queries = Matrix(rows: [[5, 0], [0, 0]])
        let found = NearestNeighbors.search(queries: queries, pool: pool, count: 4)
        #expect(found[0].map(\.index) == [1, 2, 5, 0])
        #expect(found[0].map(\.similarity) == [1, 1, 1, 0])
        #expect(found[1].map(\.index) == [0, 1, 2, 3])
        #expect(found[1].allSatisfy { $0.similarity == 0 })
    }

    @Test("both searches reproduce scikit-learn's brute-force cosine neighbours (scripts/neighbors_reference.py)")
    func matchesScikitLearn() throws {
        let fixture = try NeighborsCosineFixture.load()
        let sparse = fixture.sparse.sparseMatrix
        let sparseQueries = sparse.rows(Array(0..<fixture.queryCount))
        let sparsePool = sparse.rows(Array(fixture.queryCount..<sparse.rowCount))
        let dense = fixture.dense.denseMatrix
        let denseQueries = dense.rows(Array(0..<fixture.queryCount))
        let densePool = dense.rows(Array(fixture.queryCount..<dense.rowCount))
        let cases: [([[Neighbor]], NeighborsCosineFixture.Case, Bool)] = [
            (NearestNeighbors.search(queries: sparse, pool: sparse, count: fixture.count, excludeSelf: true), fixture.sparse, true),
            (NearestNeighbors.search(queries: sparseQueries, pool: sparsePool, count: fixture.count), fixture.sparse, false),
            (NearestNeighbors.search(queries: dense, pool: dense, count: fixture.count, excludeSelf: true), fixture.dense, true),
            (NearestNeighbors.search(queries: denseQueries, pool: densePool, count: fixture.count), fixture.dense, false),
        ]
        for (found, reference, isSelf) in cases {
            let indices = isSelf ? reference.selfIndices : reference.splitIndices
            let similarities = isSelf ? reference.selfSimilarities : reference.splitSimilarities
            #expect(found.map { $0.map(\.index) } == indices)
            for (row, neighbors) in found.enumerated() {
                for (place, neighbor) in neighbors.enumerated() {
                    #expect(abs(Double(neighbor.similarity) - similarities[row][place]) < 1e-5)
                }
            }
        }
    }

    @Test("asking for more neighbours than the pool holds returns the whole pool, ranked")
    func countLargerThanPool() {
        let pool = SparseMatrix(columnCount: 3, rows: [[(0, 1)], [(1, 1)], [(0, 1), (1, 1)]])
        let found = NearestNeighbors.search(queries: pool, pool: pool, count: 10, excludeSelf: true)
        #expect(found.map { $0.map(\.index) } == [[2, 1], [2, 0], [0, 1]])
        let none = NearestNeighbors.search(queries: pool, pool: pool, count: 0)
        #expect(none.count == 3 && none.allSatisfy { $0.isEmpty })
    }

    // MARK: - References

    /// Sparse rows with 0–6 entries (some empty, some duplicated), mixed signs.
    private func randomSparse(rowCount: Int, columnCount: Int, generator: inout SplitMix64) -> SparseMatrix {
        var rows: [[(column: Int, value: Float)]] = []
        for row in 0..<rowCount {
            if row % 9 == 4, let previous = rows.last { rows.append(previous); continue }
            let entryCount = Int(generator.next() % 7)
            var columns = Set<Int>()
            while columns.count < entryCount { columns.insert(Int(generator.next() % UInt64(columnCount))) }
            rows.append(columns.sorted().map { ($0, generator.nextUnitFloat() * 1.5 - 0.3) })
        }
        return SparseMatrix(columnCount: columnCount, rows: rows)
    }

    /// Cosine by merging the two sorted rows in column order: the same additions, in the same
    /// order, as the inverted index performs.
    private func bruteForce(queries: SparseMatrix, pool: SparseMatrix, count: Int, excludeSelf: Bool) -> [[Neighbor]] {
        let queryScales = NearestNeighbors.inverseRowNorms(queries)
        let poolScales = NearestNeighbors.inverseRowNorms(pool)
        return (0..<queries.rowCount).map { query in
            var candidates: [Neighbor] = []
            for row in 0..<pool.rowCount where !(excludeSelf && row == query) {
                var dot: Float = 0
                let poolEntries = Dictionary(uniqueKeysWithValues: pool.row(row).map { ($0.column, $0.value) })
                for entry in queries.row(query) {
                    if let value = poolEntries[entry.column] { dot += entry.value * value }
                }
                candidates.append(Neighbor(index: row, similarity: dot * queryScales[query] * poolScales[row]))
            }
            candidates.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.index < $1.index) }
            return Array(candidates.prefix(count))
        }
    }

    /// Every cosine in double precision, sorted best first (ties by lower row).
    private func denseReference(queries: Matrix, pool: Matrix, count: Int, excludeSelf: Bool) -> [[(index: Int, similarity: Double)]] {
        func norm(_ matrix: Matrix, _ row: Int) -> Double {
            (0..<matrix.columnCount).reduce(0) { $0 + Double(matrix[row, $1]) * Double(matrix[row, $1]) }.squareRoot()
        }
        return (0..<queries.rowCount).map { query in
            var candidates: [(index: Int, similarity: Double)] = []
            for row in 0..<pool.rowCount where !(excludeSelf && row == query) {
                let dot = (0..<queries.columnCount).reduce(0.0) { $0 + Double(queries[query, $1]) * Double(pool[row, $1]) }
                candidates.append((row, dot / (norm(queries, query) * norm(pool, row))))
            }
            candidates.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.index < $1.index) }
            return Array(candidates.prefix(count))
        }
    }

    /// Same ranks up to near-ties (1e-5), and every similarity within 1e-5 of the reference.
    private func expectClose(_ found: [[Neighbor]], _ reference: [[(index: Int, similarity: Double)]]) {
        #expect(found.count == reference.count)
        for (neighbors, expected) in zip(found, reference) {
            #expect(neighbors.count == expected.count)
            for (place, (neighbor, truth)) in zip(neighbors, expected).enumerated() {
                #expect(abs(Double(neighbor.similarity) - truth.similarity) < 1e-5)
                if neighbor.index != truth.index {
                    // Only a near-tie may swap places.
                    let gapBefore = place > 0 ? abs(expected[place - 1].similarity - truth.similarity) : .infinity
                    let gapAfter = place + 1 < expected.count ? abs(expected[place + 1].similarity - truth.similarity) : .infinity
                    #expect(min(gapBefore, gapAfter) < 1e-5, "neighbour \(place) is \(neighbor.index), expected \(truth.index)")
                }
            }
        }
    }
}

/// Tests/AnalysisTests/Fixtures/neighbors-cosine.json, written by scripts/neighbors_reference.py.
private struct NeighborsCosineFixture: Decodable {
    struct Case: Decodable {
        var rowCount: Int
        var columnCount: Int
        var rowOffsets: [Int]?
        var columnIndices: [Int32]?
        var values: [Float]
        var selfIndices: [[Int]]
        var selfSimilarities: [[Double]]
        var splitIndices: [[Int]]
        var splitSimilarities: [[Double]]

        var denseMatrix: Matrix { Matrix(rowCount: rowCount, columnCount: columnCount, values: values) }
        var sparseMatrix: SparseMatrix {
            SparseMatrix(rowCount: rowCount, columnCount: columnCount, rowOffsets: rowOffsets ?? [],
                         columnIndices: columnIndices ?? [], values: values)
        }
    }

    var count: Int
    var queryCount: Int
    var sparse: Case
    var dense: Case

    static func load() throws -> NeighborsCosineFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/neighbors-cosine.json")
        return try JSONDecoder().decode(NeighborsCosineFixture.self, from: Data(contentsOf: url))
    }
}
