import LinearAlgebra

/// Parallel 1-D convolutions of several widths over every sequence, each followed by
/// max-over-time pooling (Kim 2014); the ReLU is applied by the caller, since
/// `relu(max_t c_t) = max_t relu(c_t)`.
///
/// All filter taps live in one matrix `weights` of shape `[tapCount, d]`, `tapCount = Σ w·F`:
/// the tap `j` of filter `f` of width index `i` is row `tapOffsets[i] + j·F + f`. The forward
/// pass is one GEMM `P = X · weightsᵀ` (`[rowCount, tapCount]`), then each window sums its
/// shifted taps: `c_t[f] = bias[f] + Σ_j P[t + j, tap(i, j, f)]`. Windows start at
/// `t = 0 … max(length − w, 0)`; in a sequence shorter than `w` the single window reads only the
/// real rows (the missing ones count as zero vectors), so padding never leaks.
struct PooledConvolutions: Sendable {
    /// Filter widths in tokens.
    let widths: [Int]
    /// Filters per width.
    let filterCount: Int
    /// Input embedding width `d`.
    let inputDimension: Int
    /// First tap row of every width.
    let tapOffsets: [Int]
    /// Filter taps, `[tapCount, d]`.
    var weights: Matrix
    /// Filter biases, `[widths.count * filterCount]`, width-major.
    var bias: [Float]

    /// Rows of `weights`, `Σ w · filterCount`.
    var tapCount: Int { weights.rowCount }
    /// Pooled outputs per sequence, `widths.count * filterCount`.
    var outputCount: Int { widths.count * filterCount }

    /// Filters drawn uniformly from ±1/√(w·d) (PyTorch's `Conv1d` default bound), biases likewise.
    init(widths: [Int], filterCount: Int, inputDimension: Int, generator: inout SplitMix64) {
        self.widths = widths
        self.filterCount = filterCount
        self.inputDimension = inputDimension
        var offsets: [Int] = []
        var total = 0
        for width in widths {
            offsets.append(total)
            total += width * filterCount
        }
        tapOffsets = offsets
        weights = Matrix(rowCount: total, columnCount: inputDimension)
        bias = [Float](repeating: 0, count: widths.count * filterCount)
        for (index, width) in widths.enumerated() {
            let bound = 1 / Float(width * inputDimension).squareRoot()
            for tap in offsets[index]..<(offsets[index] + width * filterCount) {
                for column in 0..<inputDimension { weights[tap, column] = (2 * generator.nextUnitFloat() - 1) * bound }
            }
            for filter in 0..<filterCount { bias[index * filterCount + filter] = (2 * generator.nextUnitFloat() - 1) * bound }
        }
    }

    /// The pooled pre-activations of a batch and where each maximum was found.
    struct Pooled: Sendable {
        /// Maximum over windows of each filter's response, `[batchSize, outputCount]`.
        var maxima: [Float]
        /// Start of the window holding each maximum, `[batchSize, outputCount]`.
        var positions: [Int32]
    }

    /// Convolves and max-pools the sequences of `layout` in `input` (`[layout.rowCount, d]`).
    /// - Complexity: O(rowCount × tapCount × d) in one GEMM, plus O(rowCount × tapCount).
    func forward(input: UnsafePointer<Float>, layout: SequenceLayout) -> Pooled {
        let tapCount = self.tapCount, filterCount = self.filterCount, outputCount = self.outputCount
        // Every entry is written by the product (beta 0), so the array is not zeroed first.
        let projections = [Float](unsafeUninitializedCapacity: layout.rowCount * tapCount) { target, initialized in
            weights.values.withUnsafeBufferPointer { weightBuffer in
                if layout.rowCount > 0 {
                    gemm(.none, .transposed, m: layout.rowCount, n: tapCount, k: inputDimension,
                         a: input, lda: inputDimension, b: weightBuffer.baseAddress!, ldb: inputDimension,
                         c: target.baseAddress!, ldc: tapCount)
                }
            }
            initialized = layout.rowCount * tapCount
        }
        var maxima = [Float](repeating: 0, count: layout.batchSize * outputCount)
        var positions = [Int32](repeating: 0, count: layout.batchSize * outputCount)
        var window = [Float](repeating: 0, count: filterCount)
        projections.withUnsafeBufferPointer { projection in
            bias.withUnsafeBufferPointer { biasBuffer in
                maxima.withUnsafeMutableBufferPointer { maximaBuffer in
                    positions.withUnsafeMutableBufferPointer { positionBuffer in
                        window.withUnsafeMutableBufferPointer { response in
                            for sequence in 0..<layout.batchSize {
                                let offset = layout.offsets[sequence], length = layout.lengths[sequence]
                                for (index, width) in widths.enumerated() {
                                    let output = sequence * outputCount + index * filterCount
                                    for start in 0..<max(length - width + 1, 1) {
                                        for filter in 0..<filterCount { response[filter] = biasBuffer[index * filterCount + filter] }
                                        for tap in 0..<min(width, length - start) {
                                            let source = projection.baseAddress! + (offset + start + tap) * tapCount
                                                + tapOffsets[index] + tap * filterCount
                                            for filter in 0..<filterCount { response[filter] += source[filter] }
                                        }
                                        for filter in 0..<filterCount where start == 0 || response[filter] > maximaBuffer[output + filter] {
                                            maximaBuffer[output + filter] = response[filter]
                                            positionBuffer[output + filter] = Int32(start)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Pooled(maxima: maxima, positions: positions)
    }

    /// Back-propagates `pooledGradient` (`[batchSize, outputCount]`, the gradient with respect to
    /// the pooled maxima) into the accumulators that are given: `weightGradient` (`[tapCount, d]`),
    /// `biasGradient` (`[outputCount]`) and `inputGradient` (`[layout.rowCount, d]`).
    ///
    /// Only the winning window of each filter receives gradient, so instead of the two dense
    /// GEMMs `Xᵀ·dP` and `dP·W` (with `dP` about 97% zeros) each winning tap adds one row.
    /// - Complexity: O(batchSize × tapCount × d).
    func backward(pooledGradient: UnsafePointer<Float>, pooled: Pooled, input: UnsafePointer<Float>, layout: SequenceLayout,
                  weightGradient: UnsafeMutablePointer<Float>?, biasGradient: UnsafeMutablePointer<Float>?,
                  inputGradient: UnsafeMutablePointer<Float>?) {
        let dimension = inputDimension, filterCount = self.filterCount, outputCount = self.outputCount
        weights.values.withUnsafeBufferPointer { weightBuffer in
            pooled.positions.withUnsafeBufferPointer { positions in
                for sequence in 0..<layout.batchSize {
                    let offset = layout.offsets[sequence], length = layout.lengths[sequence]
                    for (index, width) in widths.enumerated() {
                        for filter in 0..<filterCount {
                            let output = sequence * outputCount + index * filterCount + filter
                            let gradient = pooledGradient[output]
                            if gradient == 0 { continue }
                            biasGradient?[index * filterCount + filter] += gradient
                            let start = Int(positions[output])
                            for tap in 0..<min(width, length - start) {
                                let row = offset + start + tap
                                let tapRow = tapOffsets[index] + tap * filterCount + filter
                                if let weightGradient {
                                    let target = weightGradient + tapRow * dimension, source = input + row * dimension
                                    for column in 0..<dimension { target[column] += gradient * source[column] }
                                }
                                if let inputGradient {
                                    let target = inputGradient + row * dimension
                                    let source = weightBuffer.baseAddress! + tapRow * dimension
                                    for column in 0..<dimension { target[column] += gradient * source[column] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
