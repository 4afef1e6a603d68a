import LinearAlgebra

/// A fully connected layer `Y = X · W + b` with `W` of shape `[inputCount, outputCount]`.
struct Linear: Sendable {
    /// Weights, `[inputCount, outputCount]`.
    var weights: Matrix
    /// Bias, `[outputCount]`.
    var bias: [Float]

    var inputCount: Int { weights.rowCount }
    var outputCount: Int { weights.columnCount }

    /// Weights and bias drawn uniformly from ±1/√inputCount (PyTorch's `Linear` default bound).
    init(inputCount: Int, outputCount: Int, generator: inout SplitMix64) {
        let bound = 1 / Float(inputCount).squareRoot()
        weights = Matrix(rowCount: inputCount, columnCount: outputCount,
                         values: (0..<(inputCount * outputCount)).map { _ in (2 * generator.nextUnitFloat() - 1) * bound })
        bias = (0..<outputCount).map { _ in (2 * generator.nextUnitFloat() - 1) * bound }
    }

    /// A layer with the given weights (`[inputCount, outputCount]`) and bias (`[outputCount]`).
    init(weights: Matrix, bias: [Float]) {
        precondition(bias.count == weights.columnCount, "Bias of \(bias.count) values for weights [\(weights.rowCount), \(weights.columnCount)]")
        self.weights = weights
        self.bias = bias
    }

    /// `X · W + b` for `input` of shape `[n, inputCount]`, giving `[n, outputCount]`.
    /// - Complexity: O(n × inputCount × outputCount).
    func forward(_ input: Matrix) -> Matrix {
        precondition(input.columnCount == inputCount, "Linear layer expects [n, \(inputCount)], got [\(input.rowCount), \(input.columnCount)]")
        var output = input.multiplied(by: weights)
        let outputCount = self.outputCount
        output.values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<input.rowCount {
                for column in 0..<outputCount { buffer[row * outputCount + column] += bias[column] }
            }
        }
        return output
    }

    /// Adds `Xᵀ · dY` to `weightGradient` (`[inputCount, outputCount]`) and the column sums of
    /// `dY` to `biasGradient`, when given; returns `dX = dY · Wᵀ`, `[n, inputCount]`.
    /// - Complexity: O(n × inputCount × outputCount).
    func backward(input: Matrix, outputGradient: Matrix, weightGradient: UnsafeMutablePointer<Float>?,
                  biasGradient: UnsafeMutablePointer<Float>?) -> Matrix {
        precondition(outputGradient.rowCount == input.rowCount && outputGradient.columnCount == outputCount,
                     "Linear gradient must be [\(input.rowCount), \(outputCount)], got [\(outputGradient.rowCount), \(outputGradient.columnCount)]")
        if let weightGradient {
            input.values.withUnsafeBufferPointer { a in
                outputGradient.values.withUnsafeBufferPointer { b in
                    gemm(.transposed, .none, m: inputCount, n: outputCount, k: input.rowCount,
                         a: a.baseAddress!, lda: inputCount, b: b.baseAddress!, ldb: outputCount,
                         beta: 1, c: weightGradient, ldc: outputCount)
                }
            }
        }
        if let biasGradient {
            for row in 0..<outputGradient.rowCount {
                for column in 0..<outputCount { biasGradient[column] += outputGradient[row, column] }
            }
        }
        return outputGradient.multiplied(by: weights, transposeOther: .transposed)
    }
}
