import Foundation
import LinearAlgebra

/// Multi-head scaled dot-product self-attention over a padded batch, with the projections packed
/// as rows `[Q | K | V]` of width `3H` (`H = headCount × headSize`). Each sequence attends only
/// among its real tokens (padded keys get exactly zero probability, padded queries are skipped and
/// their context rows stay zero), so padding never influences a real position.
///
/// Each (sequence, head) pair runs its small products (`cblas_sgemm` on the calling thread, below
/// `BLASThreads.splitThreshold`) and the element-wise work between them (softmax, dropout, the
/// softmax gradient) in one go, while its scores are still in cache; the pairs are split across
/// `bertWorkerCount` threads. Every pair writes only its own values, so results do not depend on the split.
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
    /// - Complexity: O(B × headCount × L² × headSize), two small `cblas_sgemm` per (sequence, head).
    func forward(queryKeyValue: UnsafePointer<Float>, probabilities: UnsafeMutablePointer<Float>, keep: BertBuffer?,
                 context: UnsafeMutablePointer<Float>) {
        let hidden = hiddenSize, stride = 3 * hiddenSize, length = sequenceLength, headSize = headSize, scale = scale
        let pairCount = batchSize * headCount, headCount = headCount, lengths = lengths
        let droppedBuffer = keep.map { _ in BertBuffer(count: probabilityCount) }
        let dropped = droppedBuffer?.pointer
        let keepPointer = keep.map { UnsafePointer($0.pointer) }
        // Each (sequence, head) pair in turn: scores, softmax (and dropout into `dropped`) of every
        // real row, context; the pairs are split across the workers.
        bertParallelRanges(pairCount, minimumChunk: 2) { pairs in
            for pair in pairs {
                let sequence = pair / headCount, head = pair % headCount, count = lengths[sequence]
                let rows = queryKeyValue + sequence * length * stride
                let scores = probabilities + pair * length * length
                gemm(.none, .transposed, m: count, n: count, k: headSize, alpha: scale,
                     a: rows + head * headSize, lda: stride, b: rows + hidden + head * headSize, ldb: stride,
                     c: scores, ldc: length)
                for query in 0..<count {
                    let offset = (pair * length + query) * length
                    softmaxInPlace(probabilities + offset, count: count)
                    if let dropped, let keepPointer {
                        for key in 0..<count { dropped[offset + key] = probabilities[offset + key] * keepPointer[offset + key] }
                    }
                }
                let weights = UnsafePointer(dropped ?? probabilities)
                gemm(.none, .none, m: count, n: headSize, k: count, a: weights + pair * length * length, lda: length,
                     b: rows + 2 * hidden + head * headSize, ldb: stride,
                     c: context + sequence * length * hidden + head * headSize, ldc: hidden)
            }
        }
        withExtendedLifetime(droppedBuffer) {}
    }

    /// Given `contextGradient` `[B·L, H]`, writes `[dQ | dK | dV]` into `queryKeyValueGradient`
    /// `[B·L, 3H]` (padded rows untouched, so they stay zero in a zeroed buffer).
    /// - Complexity: O(B × headCount × L² × headSize), four small `cblas_sgemm` per (sequence, head).
    func backward(contextGradient: UnsafePointer<Float>, queryKeyValue: UnsafePointer<Float>,
                  probabilities: UnsafePointer<Float>, keep: BertBuffer?,
                  queryKeyValueGradient: UnsafeMutablePointer<Float>) {
        let hidden = hiddenSize, stride = 3 * hiddenSize, length = sequenceLength, headSize = headSize, scale = scale
        let pairCount = batchSize * headCount, headCount = headCount, lengths = lengths
        let keepPointer = keep.map { UnsafePointer($0.pointer) }
        let droppedBuffer = keep.map { _ in BertBuffer(count: probabilityCount) }
        let scoreGradientBuffer = BertBuffer(count: probabilityCount)
        let dropped = droppedBuffer?.pointer, scoreGradient = scoreGradientBuffer.pointer
        // Each (sequence, head) pair in turn, the pairs split across the workers; a pair writes
        // only its own probability-shaped blocks and its own columns of its sequence's rows.
        bertParallelRanges(pairCount, minimumChunk: 2) { pairs in
            for pair in pairs {
                let sequence = pair / headCount, head = pair % headCount, count = lengths[sequence]
                let rows = queryKeyValue + sequence * length * stride
                let gradientRows = queryKeyValueGradient + sequence * length * stride
                let dC = contextGradient + sequence * length * hidden + head * headSize
                if let dropped, let keepPointer {
                    for query in 0..<count {
                        let offset = (pair * length + query) * length
                        for key in 0..<count { dropped[offset + key] = probabilities[offset + key] * keepPointer[offset + key] }
                    }
                }
                // dV = P'ᵀ · dC; dP' = dC · Vᵀ.
                let weights = dropped.map { UnsafePointer($0) } ?? probabilities
                gemm(.transposed, .none, m: count, n: headSize, k: count, a: weights + pair * length * length, lda: length, b: dC, ldb: hidden,
                     c: gradientRows + 2 * hidden + head * headSize, ldc: stride)
                gemm(.none, .transposed, m: count, n: count, k: headSize, a: dC, lda: hidden,
                     b: rows + 2 * hidden + head * headSize, ldb: stride, c: scoreGradient + pair * length * length, ldc: length)
                // Through dropout and the softmax: dS = P ⊙ (dP − Σ_k dP ⊙ P).
                for query in 0..<count {
                    let offset = (pair * length + query) * length
                    let dP = scoreGradient + offset, pRow = probabilities + offset
                    if let keepPointer {
                        for key in 0..<count { dP[key] *= keepPointer[offset + key] }
                    }
                    var dot: Float = 0
                    for key in 0..<count { dot += dP[key] * pRow[key] }
                    for key in 0..<count { dP[key] = pRow[key] * (dP[key] - dot) }
                }
                // dQ = dS · K / √d; dK = dSᵀ · Q / √d.
                let dS = scoreGradient + pair * length * length
                gemm(.none, .none, m: count, n: headSize, k: count, alpha: scale, a: dS, lda: length,
                     b: rows + hidden + head * headSize, ldb: stride, c: gradientRows + head * headSize, ldc: stride)
                gemm(.transposed, .none, m: count, n: headSize, k: count, alpha: scale, a: dS, lda: length,
                     b: rows + head * headSize, ldb: stride, c: gradientRows + hidden + head * headSize, ldc: stride)
            }
        }
        withExtendedLifetime((droppedBuffer, scoreGradientBuffer)) {}
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
