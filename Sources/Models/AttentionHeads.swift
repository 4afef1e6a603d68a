import Foundation
import LinearAlgebra

/// Multi-head scaled dot-product self-attention over a padded batch, with the projections packed
/// as rows `[Q | K | V]` of width `3H` (`H = headCount × headSize`). Each sequence attends only
/// among its real tokens (padded keys get exactly zero probability, padded queries are skipped and
/// their context rows stay zero), so padding never influences a real position.
struct AttentionHeads {
    var batchSize: Int
    var sequenceLength: Int
    /// Real length of every sequence.
    var lengths: [Int]
    var headCount: Int
    var headSize: Int

    var hiddenSize: Int { headCount * headSize }
    /// Elements of the probability tensor `[batchSize, headCount, L, L]`.
    var probabilityCount: Int { batchSize * headCount * sequenceLength * sequenceLength }

    private var scale: Float { 1 / Float(headSize).squareRoot() }

    /// The attention probabilities `softmax(Q Kᵀ / √headSize)` of every (sequence, head) into
    /// `probabilities` (`[batchSize, headCount, L, L]`, only the `[length, length]` corner
    /// written), dropped out by `keep` when given, and the context `P · V` into `context` `[B·L, H]`.
    /// `scratch` holds `L × L` values.
    /// - Complexity: O(B × headCount × L² × headSize), four small `cblas_sgemm` per (sequence, head).
    func forward(queryKeyValue: UnsafePointer<Float>, probabilities: UnsafeMutablePointer<Float>, keep: BertBuffer?,
                 scratch: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>) {
        let hidden = hiddenSize, stride = 3 * hiddenSize, length = sequenceLength
        for sequence in 0..<batchSize {
            let count = lengths[sequence]
            let rows = queryKeyValue + sequence * length * stride
            for head in 0..<headCount {
                let block = (sequence * headCount + head) * length * length
                let scores = probabilities + block
                gemm(.none, .transposed, m: count, n: count, k: headSize, alpha: scale,
                     a: rows + head * headSize, lda: stride, b: rows + hidden + head * headSize, ldb: stride,
                     c: scores, ldc: length)
                for query in 0..<count { softmaxInPlace(scores + query * length, count: count) }
                var weights = UnsafePointer(scores)
                if let keep {
                    for query in 0..<count {
                        for key in 0..<count {
                            scratch[query * length + key] = scores[query * length + key] * keep.pointer[block + query * length + key]
                        }
                    }
                    weights = UnsafePointer(scratch)
                }
                gemm(.none, .none, m: count, n: headSize, k: count, a: weights, lda: length,
                     b: rows + 2 * hidden + head * headSize, ldb: stride,
                     c: context + sequence * length * hidden + head * headSize, ldc: hidden)
            }
        }
    }

    /// Given `contextGradient` `[B·L, H]`, writes `[dQ | dK | dV]` into `queryKeyValueGradient`
    /// `[B·L, 3H]` (padded rows untouched, so they stay zero in a zeroed buffer). `dropped` and
    /// `probabilityGradient` are scratch of `L × L` values each.
    /// - Complexity: O(B × headCount × L² × headSize), five small `cblas_sgemm` per (sequence, head).
    func backward(contextGradient: UnsafePointer<Float>, queryKeyValue: UnsafePointer<Float>,
                  probabilities: UnsafePointer<Float>, keep: BertBuffer?,
                  dropped: UnsafeMutablePointer<Float>, probabilityGradient: UnsafeMutablePointer<Float>,
                  queryKeyValueGradient: UnsafeMutablePointer<Float>) {
        let hidden = hiddenSize, stride = 3 * hiddenSize, length = sequenceLength
        for sequence in 0..<batchSize {
            let count = lengths[sequence]
            let rows = queryKeyValue + sequence * length * stride
            let gradientRows = queryKeyValueGradient + sequence * length * stride
            for head in 0..<headCount {
                let block = (sequence * headCount + head) * length * length
                let p = probabilities + block
                let dC = contextGradient + sequence * length * hidden + head * headSize
                var weights = p
                if let keep {
                    for query in 0..<count {
                        for key in 0..<count {
                            dropped[query * length + key] = p[query * length + key] * keep.pointer[block + query * length + key]
                        }
                    }
                    weights = UnsafePointer(dropped)
                }
                // dV = P'ᵀ · dC; dP' = dC · Vᵀ.
                gemm(.transposed, .none, m: count, n: headSize, k: count, a: weights, lda: length, b: dC, ldb: hidden,
                     c: gradientRows + 2 * hidden + head * headSize, ldc: stride)
                gemm(.none, .transposed, m: count, n: count, k: headSize, a: dC, lda: hidden,
                     b: rows + 2 * hidden + head * headSize, ldb: stride, c: probabilityGradient, ldc: length)
                // Through dropout and the softmax: dS = P ⊙ (dP − Σ_k dP ⊙ P).
                for query in 0..<count {
                    let dP = probabilityGradient + query * length, pRow = p + query * length
                    if let keep {
                        let multipliers = keep.pointer + block + query * length
                        for key in 0..<count { dP[key] *= multipliers[key] }
                    }
                    var dot: Float = 0
                    for key in 0..<count { dot += dP[key] * pRow[key] }
                    for key in 0..<count { dP[key] = pRow[key] * (dP[key] - dot) }
                }
                // dQ = dS · K / √d; dK = dSᵀ · Q / √d.
                gemm(.none, .none, m: count, n: headSize, k: count, alpha: scale, a: probabilityGradient, lda: length,
                     b: rows + hidden + head * headSize, ldb: stride, c: gradientRows + head * headSize, ldc: stride)
                gemm(.transposed, .none, m: count, n: headSize, k: count, alpha: scale, a: probabilityGradient, lda: length,
                     b: rows + head * headSize, ldb: stride, c: gradientRows + hidden + head * headSize, ldc: stride)
            }
        }
    }

    private func softmaxInPlace(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var largest = values[0]
        for index in 1..<count { largest = max(largest, values[index]) }
        var sum: Float = 0
        for index in 0..<count {
            let value = expf(values[index] - largest)
            values[index] = value
            sum += value
        }
        let inverse = 1 / sum
        for index in 0..<count { values[index] *= inverse }
    }
}
