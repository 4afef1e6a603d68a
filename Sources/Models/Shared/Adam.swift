import Foundation

/// Adam (Kingma & Ba 2015, Algorithm 1) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
struct Adam: Sendable {
    /// Step size α.
    var learningRate: Float
    let firstDecay: Float = 0.9
    let secondDecay: Float = 0.999
    let epsilon: Float = 1e-8
    /// Number of completed `advance()` calls, t.
    private(set) var stepCount = 0
    private var firstCorrection: Float = 1
    private var secondCorrection: Float = 1

    init(learningRate: Float) { self.learningRate = learningRate }

    /// Starts step t + 1: every `update` until the next call uses its bias corrections.
    mutating func advance() {
        stepCount += 1
        firstCorrection = 1 - powf(firstDecay, Float(stepCount))
        secondCorrection = 1 - powf(secondDecay, Float(stepCount))
    }

    /// One Adam update of `count` parameters from their gradient and moment estimates.
    /// - Complexity: O(count).
    func update(_ parameters: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                first: UnsafeMutablePointer<Float>, second: UnsafeMutablePointer<Float>, count: Int) {
        let firstDecay = self.firstDecay, secondDecay = self.secondDecay
        let stepSize = learningRate / firstCorrection, secondScale = 1 / secondCorrection, epsilon = self.epsilon
        for index in 0..<count {
            let g = gradient[index]
            let m = firstDecay * first[index] + (1 - firstDecay) * g
            let v = secondDecay * second[index] + (1 - secondDecay) * g * g
            first[index] = m
            second[index] = v
            parameters[index] -= stepSize * m / ((v * secondScale).squareRoot() + epsilon)
        }
    }

    /// Updates `parameters` (flat) from `gradient` with the moments in `moments`.
    func update(_ parameters: inout [Float], gradient: [Float], moments: inout AdamMoments) {
        precondition(parameters.count == gradient.count && parameters.count == moments.first.count,
                     "Adam update of \(parameters.count) parameters with \(gradient.count) gradients and \(moments.first.count) moments")
        parameters.withUnsafeMutableBufferPointer { parameterBuffer in
            gradient.withUnsafeBufferPointer { gradientBuffer in
                moments.first.withUnsafeMutableBufferPointer { first in
                    moments.second.withUnsafeMutableBufferPointer { second in
                        update(parameterBuffer.baseAddress!, gradient: gradientBuffer.baseAddress!,
                               first: first.baseAddress!, second: second.baseAddress!, count: parameterBuffer.count)
                    }
                }
            }
        }
    }
}

/// Adam's first and second moment estimates for one parameter group.
struct AdamMoments: Sendable {
    var first: [Float]
    var second: [Float]

    init(count: Int) {
        first = [Float](repeating: 0, count: count)
        second = [Float](repeating: 0, count: count)
    }
}
