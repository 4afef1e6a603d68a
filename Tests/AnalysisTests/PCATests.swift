import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("PCA")
struct PCATests {
    @Test("dense scores equal scikit-learn's PCA, signs included, for tall and wide matrices")
    func matchesScikitLearn() throws {
        let fixture = try TSNEReferenceFixture.load()
        for reference in [fixture.pca, fixture.pcaWide] {
            let scores = PCA.project(reference.matrix, componentCount: 2)
            #expect(scores.rowCount == reference.rowCount && scores.columnCount == 2)
            let scale = reference.scores.map(abs).max()!
            for (found, expected) in zip(scores.values, reference.scores) {
                #expect(abs(Double(found) - expected) < 1e-4 * scale, "\(found) against \(expected)")
            }
        }
    }

    @Test("randomised sparse PCA matches the exact dense PCA of the same matrix")
    func sparseMatchesDense() {
        var generator = SplitMix64(seed: 17)
        // Low-rank structure plus noise, 40 % non-zero, so the leading components are well separated.
        let rowCount = 120, columnCount = 60
        let factors = (0..<(rowCount * 3)).map { _ in generator.nextNormal() }
        let loadings = (0..<(3 * columnCount)).map { _ in generator.nextNormal() }
        var rows: [[(column: Int, value: Float)]] = []
        for row in 0..<rowCount {
            var entries: [(column: Int, value: Float)] = []
            for column in 0..<columnCount where generator.nextUnitFloat() < 0.4 {
                let signal = 3 * factors[row * 3] * loadings[column] + 1.5 * factors[row * 3 + 1] * loadings[columnCount + column]
                    + 0.5 * factors[row * 3 + 2] * loadings[2 * columnCount + column]
                entries.append((column, signal + 0.05 * generator.nextNormal()))
            }
            rows.append(entries)
        }
        let sparse = SparseMatrix(columnCount: columnCount, rows: rows)
        let exact = PCA.project(sparse.densified(), componentCount: 3)
        var sketchGenerator = SplitMix64(seed: 5)
        let randomized = PCA.project(sparse, componentCount: 3, generator: &sketchGenerator)
        let scale = exact.values.map(abs).max()!
        for (found, expected) in zip(randomized.values, exact.values) {
            #expect(abs(found - expected) < 1e-3 * scale, "\(found) against \(expected)")
        }
    }

    @Test("components beyond the rank are zero columns; scores are centred and ordered by variance")
    func rankAndOrder() {
        let data = Matrix(rows: [[1, 2, 0], [2, 4, 1], [3, 6, 0], [4, 8, 1]])
        let scores = PCA.project(data, componentCount: 6)
        #expect(scores.columnCount == 6)
        for row in 0..<4 { for component in 4..<6 { #expect(scores[row, component] == 0) } }
        var variances: [Float] = []
        for component in 0..<3 {
            let column = (0..<4).map { scores[$0, component] }
            #expect(abs(column.reduce(0, +)) < 1e-5)
            variances.append(column.map { $0 * $0 }.reduce(0, +))
        }
        #expect(variances[0] >= variances[1] && variances[1] >= variances[2])
        let sparseScores = { () -> Matrix in
            var generator = SplitMix64(seed: 1)
            return PCA.project(SparseMatrix(columnCount: 3, rows: [[(0, 1)], [(1, 2)]]), componentCount: 3, generator: &generator)
        }()
        #expect(sparseScores.columnCount == 3 && (0..<2).allSatisfy { sparseScores[$0, 2] == 0 })
    }
}
