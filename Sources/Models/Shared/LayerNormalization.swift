import Foundation

/// Row-wise layer normalisation of `[rowCount, width]` values, `y = γ ⊙ (x − μ) / √(σ² + ε) + β`
/// with the biased variance σ² (as PyTorch's `LayerNorm`). Writes the normalised rows
/// `(x − μ) / √(σ² + ε)` to `normalized` and `1 / √(σ² + ε)` per row to `inverseDeviations`
/// (both needed by the backward pass). `output` may be `input` (in place). When `residual` is
/// given it is added to `input` first (in place, so `input` holds `x` afterwards).
/// - Complexity: O(rowCount × width), rows split across the worker threads.
func layerNormalizationForward(input: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>? = nil, rowCount: Int, width: Int,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float,
                               output: UnsafeMutablePointer<Float>, normalized: UnsafeMutablePointer<Float>,
                               inverseDeviations: UnsafeMutablePointer<Float>) {
    let scale = 1 / Float(width)
    bertParallelRanges(rowCount, minimumChunk: 32) { rows in
        for row in rows {
            let x = input + row * width, xHat = normalized + row * width, y = output + row * width
            if let residual {
                let addend = residual + row * width
                for column in 0..<width { x[column] += addend[column] }
            }
            var sum: Float = 0
            for column in 0..<width { sum += x[column] }
            let mean = sum * scale
            var squares: Float = 0
            for column in 0..<width {
                let deviation = x[column] - mean
                squares += deviation * deviation
            }
            let inverse = 1 / (squares * scale + epsilon).squareRoot()
            inverseDeviations[row] = inverse
            for column in 0..<width {
                let value = (x[column] - mean) * inverse
                xHat[column] = value
                y[column] = weight[column] * value + bias[column]
            }
        }
    }
}

/// Adds the gradients of γ (`Σ_rows dy ⊙ x̂`) and β (`Σ_rows dy`) of a layer normalisation to
/// `weightGradient` and `biasGradient`, `[width]` each, given `outputGradient` `[rowCount, width]`.
/// Columns are split across the worker threads; each column sums its rows in order.
/// - Complexity: O(rowCount × width).
func addLayerNormalizationParameterGradients(outputGradient: UnsafePointer<Float>, normalized: UnsafePointer<Float>,
                                             rowCount: Int, width: Int,
                                             weightGradient: inout [Float], biasGradient: inout [Float]) {
    precondition(weightGradient.count == width && biasGradient.count == width,
                 "LayerNorm gradients must have \(width) values, got \(weightGradient.count) and \(biasGradient.count)")
    weightGradient.withUnsafeMutableBufferPointer { gammaBuffer in
        biasGradient.withUnsafeMutableBufferPointer { betaBuffer in
            let gamma = gammaBuffer.baseAddress!, beta = betaBuffer.baseAddress!
            bertParallelRanges(width, minimumChunk: 64) { columns in
                for row in 0..<rowCount {
                    let dy = outputGradient + row * width, xHat = normalized + row * width
                    for column in columns {
                        gamma[column] += dy[column] * xHat[column]
                        beta[column] += dy[column]
                    }
                }
            }
        }
    }
}

/// Turns the gradient with respect to a layer normalisation's output, `[rowCount, width]`, into
/// the gradient with respect to its input, in place:
/// `dx = (1/σ) · (g − mean(g) − x̂ · mean(g ⊙ x̂))` with `g = γ ⊙ dy`; with `constantDeviation`
/// (BERT LRP) σ is held constant, so the last term goes and only the centring is differentiated.
/// - Complexity: O(rowCount × width), rows split across the worker threads.
func layerNormalizationBackward(gradient: UnsafeMutablePointer<Float>, normalized: UnsafePointer<Float>,
                                inverseDeviations: UnsafePointer<Float>, rowCount: Int, width: Int,
                                weight: UnsafePointer<Float>, constantDeviation: Bool = false) {
    let scale = 1 / Float(width)
    bertParallelRanges(rowCount, minimumChunk: 32) { rows in
        for row in rows {
            let dy = gradient + row * width, xHat = normalized + row * width
            var gradientSum: Float = 0, projection: Float = 0
            for column in 0..<width {
                let g = weight[column] * dy[column]
                gradientSum += g
                projection += g * xHat[column]
            }
            let meanGradient = gradientSum * scale, meanProjection = constantDeviation ? 0 : projection * scale, inverse = inverseDeviations[row]
            for column in 0..<width {
                dy[column] = inverse * (weight[column] * dy[column] - meanGradient - xHat[column] * meanProjection)
            }
        }
    }
}
