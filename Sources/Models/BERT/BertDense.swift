import LinearAlgebra

/// `output = input · Wᵀ + b` for `input` `[rowCount, inputWidth]` and a PyTorch-layout weight
/// `[outputWidth, inputWidth]`; `output` is `[rowCount, outputWidth]` with row stride `outputStride`
/// (default `outputWidth`), so a projection can fill a slice of wider rows.
/// - Complexity: O(rowCount × inputWidth × outputWidth), one `cblas_sgemm`.
func bertDenseForward(input: UnsafePointer<Float>, rowCount: Int, inputWidth: Int, weight: [Float], bias: [Float],
                      output: UnsafeMutablePointer<Float>, outputStride: Int? = nil) {
    let outputWidth = bias.count, stride = outputStride ?? bias.count
    precondition(weight.count == outputWidth * inputWidth,
                 "Dense weight of \(weight.count) values does not fit [\(outputWidth), \(inputWidth)]")
    bias.withUnsafeBufferPointer { b in
        for row in 0..<rowCount { (output + row * stride).update(from: b.baseAddress!, count: outputWidth) }
    }
    weight.withUnsafeBufferPointer { w in
        gemm(.none, .transposed, m: rowCount, n: outputWidth, k: inputWidth, a: input, lda: inputWidth,
             b: w.baseAddress!, ldb: inputWidth, beta: 1, c: output, ldc: stride)
    }
}

/// Adds `dYᵀ · X` (`[outputWidth, inputWidth]`) to `weightGradient` and the column sums of `dY`
/// to `biasGradient`, for `dY` `[rowCount, outputWidth]` (row stride `gradientStride`) and `X`
/// `[rowCount, inputWidth]`.
/// - Complexity: O(rowCount × inputWidth × outputWidth).
func bertDenseParameterGradients(outputGradient: UnsafePointer<Float>, gradientStride: Int? = nil, input: UnsafePointer<Float>,
                                 rowCount: Int, inputWidth: Int, weightGradient: inout [Float], biasGradient: inout [Float]) {
    let outputWidth = biasGradient.count, stride = gradientStride ?? biasGradient.count
    precondition(weightGradient.count == outputWidth * inputWidth,
                 "Dense weight gradient of \(weightGradient.count) values does not fit [\(outputWidth), \(inputWidth)]")
    weightGradient.withUnsafeMutableBufferPointer { w in
        gemm(.transposed, .none, m: outputWidth, n: inputWidth, k: rowCount, a: outputGradient, lda: stride,
             b: input, ldb: inputWidth, beta: 1, c: w.baseAddress!, ldc: inputWidth)
    }
    biasGradient.withUnsafeMutableBufferPointer { b in
        for row in 0..<rowCount {
            let dy = outputGradient + row * stride
            for column in 0..<outputWidth { b[column] += dy[column] }
        }
    }
}

/// `inputGradient (+)= dY · W` (`[rowCount, inputWidth]`) for `dY` `[rowCount, outputWidth]` (row
/// stride `gradientStride`) and the weight `[outputWidth, inputWidth]`; adds when `accumulate`.
/// - Complexity: O(rowCount × inputWidth × outputWidth).
func bertDenseInputGradient(outputGradient: UnsafePointer<Float>, gradientStride: Int? = nil, rowCount: Int,
                            outputWidth: Int, inputWidth: Int, weight: [Float],
                            inputGradient: UnsafeMutablePointer<Float>, accumulate: Bool) {
    precondition(weight.count == outputWidth * inputWidth,
                 "Dense weight of \(weight.count) values does not fit [\(outputWidth), \(inputWidth)]")
    weight.withUnsafeBufferPointer { w in
        gemm(.none, .none, m: rowCount, n: inputWidth, k: outputWidth, a: outputGradient, lda: gradientStride ?? outputWidth,
             b: w.baseAddress!, ldb: inputWidth, beta: accumulate ? 1 : 0, c: inputGradient, ldc: inputWidth)
    }
}
