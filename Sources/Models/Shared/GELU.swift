import Foundation

/// The exact (erf) Gaussian error linear unit, `gelu(x) = x · Φ(x) = ½ x (1 + erf(x / √2))`
/// (Hendrycks and Gimpel 2016; Hugging Face's `"gelu"`), element-wise over `count` values, with
/// `erf` from `bertErf` (within 2e-7 relative of the true erf).
/// - Complexity: O(count), a plain loop the compiler vectorises, split across the worker threads.
func geluForward(_ input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) {
    let inverseRootTwo: Float = 1 / Float(2).squareRoot()
    bertParallelRanges(count, minimumChunk: 16_384) { range in
        for index in range {
            let x = input[index]
            output[index] = 0.5 * x * (1 + bertErf(x * inverseRootTwo))
        }
    }
}

/// Multiplies `gradient` in place by `gelu'(x) = Φ(x) + x · φ(x)` at the pre-activations `input`.
/// Φ runs as a vectorised loop over 256 values into a scratch block, then φ (a call to `expf`,
/// which keeps its loop scalar) and the product.
/// - Complexity: O(count), split across the worker threads.
func geluBackward(_ input: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int) {
    let inverseRootTwo: Float = 1 / Float(2).squareRoot()
    let inverseRootTwoPi: Float = 1 / (2 * Float.pi).squareRoot()
    let blockSize = 256
    bertParallelRanges(count, minimumChunk: 16_384) { range in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: blockSize) { cumulative in
            for start in stride(from: range.lowerBound, to: range.upperBound, by: blockSize) {
                let valueCount = min(blockSize, range.upperBound - start)
                let x = input + start, dy = gradient + start
                for index in 0..<valueCount { cumulative[index] = 0.5 * (1 + bertErf(x[index] * inverseRootTwo)) }
                for index in 0..<valueCount {
                    let value = x[index]
                    dy[index] *= cumulative[index] + value * inverseRootTwoPi * expf(-0.5 * value * value)
                }
            }
        }
    }
}

/// The error function, within 2e-7 relative of the true `erf` for every finite input (checked
/// against `Foundation.erf` in `GELUTests`). For |x| ≤ 1 it is x · P(x²) with P of degree 5; for
/// 1 < |x| < 4 a degree-12 polynomial in (|x| − 2.5) / 1.5; beyond, ±1 (the nearest Float).
/// Both polynomials are least-squares fits of `scipy.special.erf` made for this file. Written
/// without branches (both polynomials, then a select) so that loops over it vectorise.
/// - Complexity: O(1), about twenty multiply-adds.
@inline(__always)
func bertErf(_ x: Float) -> Float {
    let magnitude = min(abs(x), 4)
    let square = magnitude * magnitude
    var small: Float = -0.0005650853854604065
    small = small * square + 0.004919779486954212
    small = small * square - 0.026710286736488342
    small = small * square + 0.11279986798763275
    small = small * square - 0.3761226534843445
    small = small * square + 1.1283791065216064
    small *= magnitude
    let s = (magnitude - 2.5) * (1 / Float(1.5))
    var large: Float = -0.001163740293122828
    large = large * s + 0.0018402031855657697
    large = large * s + 0.0035206894390285015
    large = large * s - 0.010768553242087364
    large = large * s + 0.007384825963526964
    large = large * s + 0.009783904999494553
    large = large * s - 0.03211716562509537
    large = large * s + 0.04633282124996185
    large = large * s - 0.04361226409673691
    large = large * s + 0.028194112703204155
    large = large * s - 0.012255133129656315
    large = large * s + 0.003267045831307769
    large = large * s + 0.9995930790901184
    large = min(large, 1)
    let result = magnitude > 1 ? large : small
    return x < 0 ? -result : result
}

/// `bertErf` of eight values, lane by lane.
/// - Complexity: O(1).
func bertErf(_ x: SIMD8<Float>) -> SIMD8<Float> {
    var result = SIMD8<Float>()
    for lane in 0..<8 { result[lane] = bertErf(x[lane]) }
    return result
}
