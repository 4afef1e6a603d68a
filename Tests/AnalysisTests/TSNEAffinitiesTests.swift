import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("t-SNE affinities")
struct TSNEAffinitiesTests {
    @Test("every calibrated row has entropy log(perplexity) within 1e-3", arguments: [2.0, 5.0, 30.0])
    func perplexityCalibration(perplexity: Double) {
        var generator = SplitMix64(seed: 3)
        for scale in [0.01, 1.0, 300.0] {
            let distances = (0..<100).map { _ in scale * generator.nextUnitDouble() * generator.nextUnitDouble() }
            var row = [Double](repeating: 0, count: distances.count)
            distances.withUnsafeBufferPointer { distances in
                row.withUnsafeMutableBufferPointer { row in
                    _ = TSNEAffinities.calibrateRow(squaredDistances: distances, perplexity: perplexity, into: row)
                }
            }
            let entropy = -row.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
            #expect(abs(entropy - log(perplexity)) < 1e-3, "scale \(scale): entropy \(entropy)")
            #expect(abs(row.reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test("joint P from neighbour lists is symmetric, sums to 1 and averages the two conditionals")
    func jointIsSymmetric() {
        let neighbors: [[Int32]] = [[1, 2], [0], [3, 0], [1]]
        let conditional: [[Double]] = [[0.75, 0.25], [1], [0.5, 0.5], [1]]
        let joint = TSNEAffinities.symmetrize(neighbors: neighbors, conditional: conditional)
        var dense = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        for i in 0..<4 {
            for entry in joint.rowOffsets[i]..<joint.rowOffsets[i + 1] { dense[i][Int(joint.columns[entry])] = joint.values[entry] }
        }
        #expect(dense[0][1] == (0.75 + 1) / 8)
        #expect(dense[0][2] == (0.25 + 0.5) / 8)
        #expect(dense[2][3] == 0.5 / 8 && dense[3][2] == 0.5 / 8)
        #expect(dense[1][3] == 1.0 / 8 && dense[3][1] == 1.0 / 8)
        for i in 0..<4 { for j in 0..<4 { #expect(dense[i][j] == dense[j][i]) } }
        #expect(abs(dense.joined().reduce(0, +) - 1) < 1e-15)
    }

    @Test("exact P equals scikit-learn's _joint_probabilities on the unit rows (scripts/tsne_reference.py)")
    func matchesScikitLearn() throws {
        let fixture = try TSNEReferenceFixture.load().affinities
        let data = Matrix(rowCount: fixture.rowCount, columnCount: fixture.columnCount, values: fixture.values.map(Float.init))
        let probabilities = TSNEReferenceFixture.exactProbabilities(data, perplexity: fixture.perplexity)
        let n = fixture.rowCount
        var largest = 0.0, largestError = 0.0
        for i in 0..<n {
            var row = [Double](repeating: 0, count: n)
            for entry in probabilities.rowOffsets[i]..<probabilities.rowOffsets[i + 1] { row[Int(probabilities.columns[entry])] = probabilities.values[entry] }
            for j in 0..<n {
                largest = max(largest, fixture.probabilities[i * n + j])
                largestError = max(largestError, abs(row[j] - fixture.probabilities[i * n + j]))
            }
        }
        #expect(largestError < 1e-4 * largest, "largest error \(largestError) against largest p \(largest)")
    }
}

/// Tests/AnalysisTests/Fixtures/tsne-reference.json, written by scripts/tsne_reference.py.
struct TSNEReferenceFixture: Decodable {
    struct PCACase: Decodable {
        var rowCount: Int
        var columnCount: Int
        var values: [Double]
        var scores: [Double]
        var matrix: Matrix { Matrix(rowCount: rowCount, columnCount: columnCount, values: values.map(Float.init)) }
    }
    struct Affinities: Decodable {
        var rowCount: Int
        var columnCount: Int
        var perplexity: Double
        var values: [Double]
        var probabilities: [Double]
    }
    struct Divergence: Decodable {
        var embedding: [Double]
        var divergence: Double
        var gradient: [Double]
    }
    struct TrustworthinessCase: Decodable {
        var neighborCount: Int
        var embedded: [Double]
        var value: Double
    }

    var pca: PCACase
    var pcaWide: PCACase
    var affinities: Affinities
    var kl: Divergence
    var trustworthiness: TrustworthinessCase

    static func load() throws -> TSNEReferenceFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tsne-reference.json")
        return try JSONDecoder().decode(TSNEReferenceFixture.self, from: Data(contentsOf: url))
    }

    /// The exact-path affinities salience's t-SNE builds for these rows.
    static func exactProbabilities(_ data: Matrix, perplexity: Double) -> TSNEJointProbabilities {
        var rows = data
        rows.normalizeRows()
        let neighbors = NearestNeighbors.search(queries: rows, pool: rows, count: rows.rowCount - 1, excludeSelf: true)
        return TSNEAffinities.joint(neighbors: neighbors.map { $0.map { Int32($0.index) } },
                                   squaredDistances: neighbors.map { $0.map { max(0, 2 - 2 * Double($0.similarity)) } },
                                   perplexity: perplexity)
    }

    /// A dense `[N, N]` matrix as joint probabilities.
    static func probabilities(fromDense values: [Double], pointCount: Int) -> TSNEJointProbabilities {
        var offsets = [0], columns: [Int32] = [], entries: [Double] = []
        for i in 0..<pointCount {
            for j in 0..<pointCount where values[i * pointCount + j] != 0 {
                columns.append(Int32(j))
                entries.append(values[i * pointCount + j])
            }
            offsets.append(entries.count)
        }
        return TSNEJointProbabilities(pointCount: pointCount, rowOffsets: offsets, columns: columns, values: entries)
    }
}
