import Foundation
import Testing
@testable import Models

/// The vectorised erf behind GELU against `Foundation.erf` in Double.
@Suite("GELU error function")
struct GELUTests {
    @Test("bertErf stays within 1e-6 relative of erf from 1e-30 to ±6, both signs")
    func errorFunctionAccuracy() {
        var inputs: [Float] = [0, 1e-30, -1e-30, 1e-7, 1, -1, 1.0000001, 0.99999994, 4, -4, 3.95, 10, -10, 50]
        for step in 0...60_000 { inputs.append(-6 + Float(step) * 0.0002) }
        var worst = 0.0, worstInput: Float = 0
        for start in stride(from: 0, to: inputs.count - 7, by: 8) {
            let x = SIMD8<Float>(inputs[start..<(start + 8)])
            let approximation = bertErf(x)
            for lane in 0..<8 {
                let truth = erf(Double(x[lane]))
                let error = truth == 0 ? abs(Double(approximation[lane])) : abs(Double(approximation[lane]) - truth) / abs(truth)
                if error > worst { worst = error; worstInput = x[lane] }
            }
        }
        #expect(worst <= 1e-6, "worst relative error \(worst) at x = \(worstInput)")
    }

    @Test("geluForward and geluBackward match ½x(1 + erf(x/√2)) and its derivative, including a ragged tail")
    func geluValues() {
        let inputs: [Float] = (0..<37).map { Float($0) * 0.31 - 5.5 }
        var outputs = [Float](repeating: 0, count: inputs.count)
        var gradients = [Float](repeating: 2, count: inputs.count)
        inputs.withUnsafeBufferPointer { x in
            outputs.withUnsafeMutableBufferPointer { geluForward(x.baseAddress!, output: $0.baseAddress!, count: x.count) }
            gradients.withUnsafeMutableBufferPointer { geluBackward(x.baseAddress!, gradient: $0.baseAddress!, count: x.count) }
        }
        for (index, value) in inputs.enumerated() {
            let x = Double(value)
            let expected = 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
            let derivative = 0.5 * (1 + erf(x / 2.0.squareRoot())) + x * exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
            #expect(abs(Double(outputs[index]) - expected) <= 1e-6 * max(1, abs(expected)), "gelu(\(x))")
            #expect(abs(Double(gradients[index]) - 2 * derivative) <= 2e-6, "gelu'(\(x))")
        }
    }
}
