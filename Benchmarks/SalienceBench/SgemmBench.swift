import CLinearAlgebra
import Foundation
import LinearAlgebra

/// `salience-bench sgemm`: the OpenBLAS kernel this process runs and its sgemm GFLOP/s, with
/// OpenBLAS's own threads and with salience's one pool (`gemm`, split across the cores), on a
/// 2048³ product and on the BERT feed-forward shape 1024×1536×384.
public enum SgemmBenchmark {
    /// Everything measured.
    public struct Report: Codable, Sendable {
        public var environment: BLASEnvironment
        public var summary: String
        public var advice: String?
        /// Best-of-four GFLOP/s of one `cblas_sgemm` with OpenBLAS on `processorCount` threads.
        public var openBLASThreadedPeakGflops: Double
        public var openBLASThreadedFeedForwardGflops: Double
        /// The same products through `gemm` (OpenBLAS on one thread, blocks split across the cores).
        public var salienceGemmPeakGflops: Double
        public var salienceGemmFeedForwardGflops: Double
        /// One core: `cblas_sgemm` with OpenBLAS on one thread.
        public var singleThreadPeakGflops: Double
        /// GFLOP per processor-second (user + system time of the process, best of four) at
        /// 2048³: OpenBLAS's threads, salience's `gemm`, one thread. On a loaded machine these
        /// are the figures to compare; wall-clock GFLOP/s depend on what else runs.
        public var openBLASThreadedGflopsPerProcessorSecond: Double
        public var salienceGemmGflopsPerProcessorSecond: Double
        public var singleThreadGflopsPerProcessorSecond: Double
        /// The 1-minute load average when the measurements started.
        public var loadAverage: Double?
        /// Largest |difference| between the 256³ product and a naive Double product.
        public var largestErrorAgainstNaive: Double
    }

    public static func run() -> Report {
        let environment = BLASEnvironment.current()
        let load = AttributionBenchmark.loadAverage()
        let cores = Int32(ParallelFor.processorCount)
        openblas_set_num_threads(cores)
        let threadedPeak = measure(m: 2048, n: 2048, k: 2048, direct: true)
        let threadedFeedForward = gflops(m: 1024, n: 1536, k: 384, direct: true)
        openblas_set_num_threads(1)
        let singlePeak = measure(m: 2048, n: 2048, k: 2048, direct: true)
        let splitPeak = measure(m: 2048, n: 2048, k: 2048, direct: false)
        let splitFeedForward = gflops(m: 1024, n: 1536, k: 384, direct: false)
        return Report(environment: environment, summary: environment.summary, advice: environment.advice,
                      openBLASThreadedPeakGflops: threadedPeak.wall, openBLASThreadedFeedForwardGflops: threadedFeedForward,
                      salienceGemmPeakGflops: splitPeak.wall, salienceGemmFeedForwardGflops: splitFeedForward,
                      singleThreadPeakGflops: singlePeak.wall,
                      openBLASThreadedGflopsPerProcessorSecond: threadedPeak.processor,
                      salienceGemmGflopsPerProcessorSecond: splitPeak.processor,
                      singleThreadGflopsPerProcessorSecond: singlePeak.processor, loadAverage: load,
                      largestErrorAgainstNaive: naiveError(size: 256))
    }

    /// Best-of-four GFLOP/s of `[m, k] × [k, n]`, through `cblas_sgemm` (`direct`) or `gemm`.
    static func gflops(m: Int, n: Int, k: Int, direct: Bool) -> Double { measure(m: m, n: n, k: k, direct: direct).wall }

    /// Best-of-four GFLOP per wall second and per processor second (user + system, all threads).
    static func measure(m: Int, n: Int, k: Int, direct: Bool) -> (wall: Double, processor: Double) {
        var generator = SplitMix64(seed: 1)
        let a = (0..<(m * k)).map { _ in generator.nextUnitFloat() }
        let b = (0..<(k * n)).map { _ in generator.nextUnitFloat() }
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity, bestProcessor = Double.infinity
        for _ in 0..<4 {
            let start = DispatchTime.now().uptimeNanoseconds, processorStart = AttributionBenchmark.processorSeconds()
            if direct {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
            } else {
                gemm(.none, .none, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            bestProcessor = min(bestProcessor, AttributionBenchmark.processorSeconds() - processorStart)
        }
        let flops = 2 * Double(m) * Double(n) * Double(k)
        return (flops / best / 1e9, flops / bestProcessor / 1e9)
    }

    /// The largest absolute error of `gemm` on a `size`³ product of normal entries against Double arithmetic.
    static func naiveError(size: Int) -> Double {
        var generator = SplitMix64(seed: 2)
        let a = (0..<(size * size)).map { _ in generator.nextNormal() }
        let b = (0..<(size * size)).map { _ in generator.nextNormal() }
        var c = [Float](repeating: 0, count: size * size)
        gemm(.none, .none, m: size, n: size, k: size, a: a, lda: size, b: b, ldb: size, c: &c, ldc: size)
        var worst = 0.0
        for i in 0..<size {
            for j in 0..<size {
                var sum = 0.0
                for p in 0..<size { sum += Double(a[i * size + p]) * Double(b[p * size + j]) }
                worst = max(worst, abs(sum - Double(c[i * size + j])))
            }
        }
        return worst
    }
}
