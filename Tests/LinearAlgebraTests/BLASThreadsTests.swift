import Testing
@testable import LinearAlgebra

@Suite("One thread pool for products and parallel loops")
struct BLASThreadsTests {
    /// Products large enough to be cut into blocks, in each transpose case: the blocks run
    /// concurrently, in order, and through `gemm` inside a parallel region give the same bits,
    /// and agree with a naive Double product.
    @Test("Blocked products give the same bits concurrently, in order and inside a parallel region")
    func blocksAreDeterministic() {
        var generator = SplitMix64(seed: 11)
        // Tall (cut by rows), wide (cut by columns), odd sizes that leave partial panels.
        for (m, n, k) in [(517, 130, 67), (20, 3001, 129), (300, 300, 300)] {
            let split = BLASThreads.split(m: m, n: n, k: k)
            #expect(split.blockCount > 1 && split.alongRows == (m >= n))
            for transposeA in [Transpose.none, .transposed] {
                for transposeB in [Transpose.none, .transposed] {
                    let a = (0..<(m * k)).map { _ in generator.nextNormal() }
                    let b = (0..<(k * n)).map { _ in generator.nextNormal() }
                    let lda = transposeA == .none ? k : m, ldb = transposeB == .none ? n : k
                    var results: [[Float]] = []
                    for concurrent in [true, false] {
                        var c = [Float](repeating: 1, count: m * n)
                        gemmBlocks(transposeA, transposeB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb, beta: 2,
                                   c: &c, ldc: n, split: split, concurrent: concurrent)
                        results.append(c)
                    }
                    var insideRegion = [Float](repeating: 1, count: m * n)
                    insideRegion.withUnsafeMutableBufferPointer { buffer in
                        let target = SharedMutablePointer(buffer)
                        ParallelFor.perform(iterationCount: 2) { index in
                            guard index == 0 else { return }
                            #expect(ParallelFor.isInsideRegion)
                            gemm(transposeA, transposeB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb, beta: 2, c: target.base, ldc: n)
                        }
                    }
                    results.append(insideRegion)
                    for other in results.dropFirst() {
                        let mismatchCount = zip(results[0], other).count { $0.bitPattern != $1.bitPattern }
                        #expect(mismatchCount == 0, "[\(m), \(k)] × [\(k), \(n)] \(transposeA) \(transposeB): \(mismatchCount) entries differ")
                    }
                    var worst = 0.0
                    for i in stride(from: 0, to: m, by: 37) {
                        for j in stride(from: 0, to: n, by: 29) {
                            var sum = 0.0
                            for p in 0..<k {
                                let left = transposeA == .none ? a[i * k + p] : a[p * m + i]
                                let right = transposeB == .none ? b[p * n + j] : b[j * k + p]
                                sum += Double(left) * Double(right)
                            }
                            let error = abs(0.5 * sum + 2 - Double(results[0][i * n + j]))
                            worst = error.isNaN ? .infinity : max(worst, error)
                        }
                    }
                    #expect(worst < 1e-3, "largest error \(worst) against the naive product")
                }
            }
        }
    }

    @Test("The cut depends on the shape alone: whole 16-wide panels covering every row once")
    func cutCoversEveryRow() {
        #expect(BLASThreads.split(m: 64, n: 64, k: 64).blockCount == 1)
        #expect(BLASThreads.split(m: 1024, n: 1536, k: 384) == BLASThreads.Split(alongRows: false, blockCount: 8))
        for length in [517, 3001, 64, 1000] {
            let split = BLASThreads.Split(alongRows: true, blockCount: min(8, max(1, (length + 15) / 16 / 4)))
            let ranges = (0..<split.blockCount).map { split.range(of: $0, length: length) }
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == length)
            for (left, right) in zip(ranges, ranges.dropFirst()) {
                #expect(left.upperBound == right.lowerBound && left.upperBound % 16 == 0)
            }
        }
    }
}
