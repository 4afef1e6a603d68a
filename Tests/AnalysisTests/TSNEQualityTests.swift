import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("t-SNE quality measures")
struct TSNEQualityTests {
    @Test("trustworthiness equals scikit-learn's on the reference embedding")
    func matchesScikitLearn() throws {
        let fixture = try TSNEReferenceFixture.load()
        var original = Matrix(rowCount: fixture.affinities.rowCount, columnCount: fixture.affinities.columnCount,
                              values: fixture.affinities.values.map(Float.init))
        original.normalizeRows()
        let embedded = Matrix(rowCount: fixture.affinities.rowCount, columnCount: 2, values: fixture.trustworthiness.embedded.map(Float.init))
        let score = Trustworthiness.score(original: original, embedded: embedded, neighborCount: fixture.trustworthiness.neighborCount)
        #expect(abs(score - fixture.trustworthiness.value) < 1e-12, "\(score) against \(fixture.trustworthiness.value)")
    }

    @Test("trustworthiness is 1 for an isometry and drops for a shuffled embedding")
    func extremes() {
        var generator = SplitMix64(seed: 4)
        let points = Matrix(rowCount: 60, columnCount: 2, values: (0..<120).map { _ in generator.nextNormal() })
        var rotated = Matrix(rowCount: 60, columnCount: 2)
        for row in 0..<60 {
            let x: Float = points[row, 0], y: Float = points[row, 1]
            rotated[row, 0] = 0.6 * x - 0.8 * y + 3
            rotated[row, 1] = 0.8 * x + 0.6 * y
        }
        #expect(Trustworthiness.score(original: points, embedded: rotated, neighborCount: 5) == 1)
        let shuffled = points.rows((0..<60).map { ($0 * 37) % 60 })
        #expect(Trustworthiness.score(original: points, embedded: shuffled, neighborCount: 5) < 0.7)
    }
}
