import Foundation

/// The exact (erf) Gaussian error linear unit, `gelu(x) = x · Φ(x) = ½ x (1 + erf(x / √2))`
/// (Hendrycks and Gimpel 2016; Hugging Face's `"gelu"`), element-wise over `count` values.
/// - Complexity: O(count).
func geluForward(_ input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) {
    let inverseRootTwo: Float = 1 / Float(2).squareRoot()
    for index in 0..<count {
        let x = input[index]
        output[index] = 0.5 * x * (1 + erff(x * inverseRootTwo))
    }
}

/// Multiplies `gradient` in place by `gelu'(x) = Φ(x) + x · φ(x)` at the pre-activations `input`.
/// - Complexity: O(count).
func geluBackward(_ input: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>, count: Int) {
    let inverseRootTwo: Float = 1 / Float(2).squareRoot()
    let inverseRootTwoPi: Float = 1 / (2 * Float.pi).squareRoot()
    for index in 0..<count {
        let x = input[index]
        let cumulative = 0.5 * (1 + erff(x * inverseRootTwo))
        let density = inverseRootTwoPi * expf(-0.5 * x * x)
        gradient[index] *= cumulative + x * density
    }
}
