import Foundation
import Testing
import LinearAlgebra
@testable import Analysis

@Suite("t-SNE gradient")
struct TSNEGradientTests {
    @Test("the exact gradient agrees with central finite differences of the exact KL")
    func finiteDifferences() {
        var generator = SplitMix64(seed: 21)
        let pointCount = 24
        let data = Matrix(rowCount: pointCount, columnCount: 4, values: (0..<(pointCount * 4)).map { _ in generator.nextNormal() })
        let probabilities = TSNEReferenceFixture.exactProbabilities(data, perplexity: 5)
        let x = (0..<pointCount).map { _ in Double(generator.nextNormal()) * 2 }
        let y = (0..<pointCount).map { _ in Double(generator.nextNormal()) * 2 }
        func divergence(_ x: [Double], _ y: [Double]) -> Double {
            TSNEGradient.klDivergence(probabilities, x: x, y: y, normalization: TSNEGradient.exactNormalization(x: x, y: y))
        }
        let gradient = TSNEGradient.exactGradient(probabilities, x: x, y: y)
        let step = 1e-5
        var largestError = 0.0, largest = 0.0
        for i in 0..<pointCount {
            for axis in 0..<2 {
                var plusX = x, plusY = y, minusX = x, minusY = y
                if axis == 0 { plusX[i] += step; minusX[i] -= step } else { plusY[i] += step; minusY[i] -= step }
                let numeric = (divergence(plusX, plusY) - divergence(minusX, minusY)) / (2 * step)
                let analytic = axis == 0 ? gradient.x[i] : gradient.y[i]
                largestError = max(largestError, abs(numeric - analytic))
                largest = max(largest, abs(analytic))
            }
        }
        #expect(largestError < 1e-6 * max(1, largest) + 1e-8, "largest error \(largestError), largest gradient \(largest)")
    }

    @Test("KL and gradient equal scikit-learn's _kl_divergence on the same P and embedding")
    func matchesScikitLearn() throws {
        let fixture = try TSNEReferenceFixture.load()
        let n = fixture.affinities.rowCount
        let probabilities = TSNEReferenceFixture.probabilities(fromDense: fixture.affinities.probabilities, pointCount: n)
        let x = (0..<n).map { fixture.kl.embedding[2 * $0] }, y = (0..<n).map { fixture.kl.embedding[2 * $0 + 1] }
        let divergence = TSNEGradient.klDivergence(probabilities, x: x, y: y, normalization: TSNEGradient.exactNormalization(x: x, y: y))
        #expect(abs(divergence - fixture.kl.divergence) < 1e-9 * abs(fixture.kl.divergence))
        let gradient = TSNEGradient.exactGradient(probabilities, x: x, y: y)
        for i in 0..<n {
            #expect(abs(gradient.x[i] - fixture.kl.gradient[2 * i]) < 1e-9)
            #expect(abs(gradient.y[i] - fixture.kl.gradient[2 * i + 1]) < 1e-9)
        }
    }

    @Test("the single-precision SIMD passes (fused exact, sparse attraction) agree with the double-precision sums")
    func fusedExactPass() {
        var generator = SplitMix64(seed: 33)
        let pointCount = 45   // not a multiple of 8: covers the scalar tail
        let data = Matrix(rowCount: pointCount, columnCount: 5, values: (0..<(pointCount * 5)).map { _ in generator.nextNormal() })
        let probabilities = TSNEReferenceFixture.exactProbabilities(data, perplexity: 8)
        let x = (0..<pointCount).map { _ in Double(generator.nextNormal()) * 4 }
        let y = (0..<pointCount).map { _ in Double(generator.nextNormal()) * 4 }
        var attractionX = [Double](repeating: 0, count: pointCount), attractionY = attractionX, repulsionX = attractionX, repulsionY = attractionX
        var fusedAX = attractionX, fusedAY = attractionX, fusedRX = attractionX, fusedRY = attractionX
        TSNEGradient.attraction(probabilities, x: x, y: y, attractionX: &attractionX, attractionY: &attractionY)
        let z = TSNEGradient.exactRepulsion(x: x, y: y, repulsionX: &repulsionX, repulsionY: &repulsionY)
        let fusedZ = TSNEGradient.fusedExactTerms(denseProbabilities: TSNEGradient.denseProbabilities(probabilities),
                                                  x: x.map(Float.init), y: y.map(Float.init),
                                                  attractionX: &fusedAX, attractionY: &fusedAY, repulsionX: &fusedRX, repulsionY: &fusedRY)
        #expect(abs(fusedZ - z) < 1e-5 * z)
        var fastX = attractionX, fastY = attractionX
        TSNEGradient.fastAttraction(probabilities, values: probabilities.values.map(Float.init), x: x.map(Float.init), y: y.map(Float.init),
                                    attractionX: &fastX, attractionY: &fastY)
        let attractionScale = (attractionX + attractionY).map(abs).max()!, repulsionScale = (repulsionX + repulsionY).map(abs).max()!
        for i in 0..<pointCount {
            #expect(abs(fusedAX[i] - attractionX[i]) < 1e-5 * attractionScale && abs(fusedAY[i] - attractionY[i]) < 1e-5 * attractionScale)
            #expect(abs(fastX[i] - attractionX[i]) < 1e-5 * attractionScale && abs(fastY[i] - attractionY[i]) < 1e-5 * attractionScale)
            #expect(abs(fusedRX[i] - repulsionX[i]) < 1e-5 * repulsionScale && abs(fusedRY[i] - repulsionY[i]) < 1e-5 * repulsionScale)
        }
    }

    @Test("interpolated repulsion and Z agree with the exact sums", arguments: [(400, 2.0, 3), (600, 6.0, 3), (600, 6.0, 4)])
    func interpolationMatchesExact(pointCount: Int, spread: Double, nodes: Int) {
        var generator = SplitMix64(seed: UInt64(pointCount))
        // Clumps and a sparse background, like a t-SNE map.
        let x = (0..<pointCount).map { i in Double(generator.nextNormal()) * (i % 3 == 0 ? spread : spread / 10) + Double(i % 5) * spread / 4 }
        let y = (0..<pointCount).map { i in Double(generator.nextNormal()) * (i % 3 == 0 ? spread : spread / 10) - Double(i % 4) * spread / 5 }
        var exactX = [Double](repeating: 0, count: pointCount), exactY = exactX, approximateX = exactX, approximateY = exactX
        let exactZ = TSNEGradient.exactRepulsion(x: x, y: y, repulsionX: &exactX, repulsionY: &exactY)
        var interpolation = TSNEInterpolatedRepulsion(nodesPerInterval: nodes)
        let approximateZ = interpolation.repulsion(x: x, y: y, repulsionX: &approximateX, repulsionY: &approximateY)
        #expect(abs(approximateZ - exactZ) < 1e-3 * exactZ, "Z \(approximateZ) against \(exactZ)")
        // Accuracy of FIt-SNE with openTSNE's settings (3 nodes per unit interval; openTSNE's own
        // interpolation shows the same few-per-cent worst case on these clouds) and the default 4.
        var errorSquares = 0.0, forceSquares = 0.0, largestError = 0.0, largest = 0.0
        for i in 0..<pointCount {
            let error = (approximateX[i] - exactX[i]) * (approximateX[i] - exactX[i]) + (approximateY[i] - exactY[i]) * (approximateY[i] - exactY[i])
            let force = exactX[i] * exactX[i] + exactY[i] * exactY[i]
            errorSquares += error
            forceSquares += force
            largestError = max(largestError, error.squareRoot())
            largest = max(largest, force.squareRoot())
        }
        let relativeError = (errorSquares / forceSquares).squareRoot()
        #expect(relativeError < (nodes == 3 ? 1e-2 : 3e-3), "relative force error \(relativeError)")
        #expect(largestError < (nodes == 3 ? 0.05 : 0.015) * largest, "largest force error \(largestError) against largest force \(largest)")
    }
}
