import Attribution
import CLinearAlgebra
import Foundation
import LinearAlgebra
import Models
import TextData

/// `salience-bench bert`: the BERT encoder's cost on this machine: forward and forward+backward
/// of one batch (the shape Benchmarks/bench_bert_jax.py times with JAX), the share of OpenBLAS
/// sgemm peak those passes reach, fine-tuning throughput on real snippets, Grad-L2 throughput
/// and Integrated Gradients' seconds per example.
public enum BertBenchmark {
    /// Everything measured.
    public struct Report: Codable, Sendable {
        public var batch: Int
        public var length: Int
        public var threads: Int
        /// Median seconds of `logits` on the random batch.
        public var forwardSeconds: Double
        /// Median seconds of `accumulateGradients` (no dropout, every parameter's gradient) on the same batch.
        public var forwardBackwardSeconds: Double
        /// Analytic FLOPs of one forward pass of the batch; forward+backward counts three times this.
        public var forwardFlops: Double
        public var forwardGflops: Double
        public var forwardBackwardGflops: Double
        /// The OpenBLAS kernel and processor (`BLASEnvironment.summary`).
        public var blasEnvironment: String
        /// Best GFLOP/s on 2048³ and on a 1024×1536×384 product (the feed-forward shape): the
        /// better of cblas_sgemm on OpenBLAS's own threads and `gemm` (one pool, split across the cores).
        public var sgemmPeakGflops: Double
        public var sgemmFeedForwardGflops: Double
        /// cblas_sgemm on OpenBLAS's own threads, and `gemm`, at 2048³.
        public var sgemmOpenBLASThreadsGflops: Double
        public var sgemmSalienceGemmGflops: Double
        /// `forwardBackwardGflops / sgemmPeakGflops`.
        public var forwardBackwardShareOfPeak: Double
        /// Training examples per second of `BertTrainer` (AdamW, dropout, real lengths) over `fineTuneExampleCount` snippets.
        public var fineTuneExamplesPerSecond: Double
        public var fineTuneExampleCount: Int
        /// Grad-L2 examples per second over `attributionExampleCount` test snippets.
        public var gradientL2ExamplesPerSecond: Double
        public var attributionExampleCount: Int
        /// Integrated Gradients (50 Gauss–Legendre steps, 64 sequences per gradient call): seconds per example.
        public var integratedGradientsSecondsPerExample: Double
        public var integratedGradientsExampleCount: Int
        /// IG-50 seconds per example over Grad-L2 seconds per example.
        public var integratedGradientsCostRatio: Double
        /// The same rates per processor-second (user + system time of every thread), the figures
        /// to compare on a loaded machine, and the IG-50 / Grad-L2 ratio of processor time.
        public var forwardBackwardGflopsPerProcessorSecond: Double
        /// The forward pass's GFLOP per processor-second (median repetition).
        public var forwardGflopsPerProcessorSecond: Double
        /// `gemm`'s 2048³ GFLOP per processor-second in the same run, and forward+backward's share of it.
        public var sgemmGflopsPerProcessorSecond: Double
        public var forwardBackwardShareOfPeakPerProcessorSecond: Double
        public var fineTuneExamplesPerProcessorSecond: Double
        public var gradientL2ExamplesPerProcessorSecond: Double
        public var integratedGradientsProcessorCostRatio: Double
        /// User and system processor seconds (all threads, `getrusage`) of each phase: `forward`,
        /// `forwardBackward` (every repetition and the warm-up), `fineTune`, `gradientL2`, `integratedGradients`.
        public var phaseProcessorSeconds: [String: PhaseTime]
    }

    /// User and system seconds of one phase, and the system share of their sum.
    public struct PhaseTime: Codable, Sendable {
        public var user: Double
        public var system: Double
        public var systemShare: Double
    }

    /// User and system processor seconds of the whole process so far.
    static func userAndSystemSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// Runs every measurement; `checkpoint` is a BERT checkpoint directory, `dataPath` a labelled CSV.
    public static func run(checkpoint: String, dataPath: String, batch: Int, length: Int, repetitions: Int,
                           log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) throws -> Report {
        var generator = SplitMix64(seed: 0)
        let loaded = try BertCheckpoint.load(directory: checkpoint, classCount: 2, generator: &generator)
        let model = BertClassifier(configuration: loaded.configuration, parameters: loaded.parameters)
        let configuration = model.configuration
        let sequences = (0..<batch).map { _ in
            (0..<length).map { _ in Int32(min(Int(generator.nextUnitDouble() * Double(configuration.vocabularySize)), configuration.vocabularySize - 1)) }
        }
        let tokenBatch = model.batch(sequences)
        let labels = (0..<batch).map { $0 % 2 }
        var gradients = BertParameters.zeros(like: model.parameters)
        var processorTimes: [Double] = []
        var phases: [String: PhaseTime] = [:]
        func phase<Result>(_ name: String, _ body: () throws -> Result) rethrows -> Result {
            let start = userAndSystemSeconds()
            let result = try body()
            let end = userAndSystemSeconds()
            let user = end.user - start.user, system = end.system - start.system
            phases[name] = PhaseTime(user: user, system: system, systemShare: system / max(user + system, 1e-9))
            return result
        }
        func median(_ body: () -> Void) -> Double {
            body()
            processorTimes = []
            let times = (0..<repetitions).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds, processorStart = AttributionBenchmark.processorSeconds()
                body()
                processorTimes.append(AttributionBenchmark.processorSeconds() - processorStart)
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }.sorted()
            processorTimes.sort()
            return times[times.count / 2]
        }
        let forward = phase("forward") { median { _ = model.logits(tokenBatch) } }
        let forwardProcessor = processorTimes[processorTimes.count / 2]
        let forwardBackward = phase("forwardBackward") { median {
            var noDropout: SplitMix64? = nil
            _ = model.accumulateGradients(batch: tokenBatch, labels: labels, generator: &noDropout, gradients: &gradients)
        } }
        let forwardBackwardProcessor = processorTimes[processorTimes.count / 2]
        let hidden = Double(configuration.hiddenSize), intermediate = Double(configuration.intermediateSize)
        let tokens = Double(batch * length)
        let perLayer = 2 * tokens * (4 * hidden * hidden + 2 * hidden * intermediate) + 4 * Double(batch) * Double(length * length) * hidden
        let flops = Double(configuration.layerCount) * perLayer + 2 * Double(batch) * hidden * (hidden + Double(configuration.classCount))
        let openBLASPeak = sgemmGflops(m: 2048, n: 2048, k: 2048, direct: true)
        let salienceGemmPeak = sgemmGflops(m: 2048, n: 2048, k: 2048, direct: false)
        let peak = max(openBLASPeak, salienceGemmPeak)
        let peakPerProcessorSecond = SgemmBenchmark.measure(m: 2048, n: 2048, k: 2048, direct: false).processor
        let feedForward = max(sgemmGflops(m: 1024, n: 1536, k: 384, direct: true), sgemmGflops(m: 1024, n: 1536, k: 384, direct: false))
        log("forward \(forward) s (\(flops / forward / 1e9) GFLOP/s), forward+backward \(forwardBackward) s (\(3 * flops / forwardBackward / 1e9) GFLOP/s), sgemm peak \(peak) GFLOP/s")

        // Real snippets for fine-tuning and attribution.
        let tokenizer = try WordPieceTokenizer(vocabularyPath: (checkpoint as NSString).appendingPathComponent("vocab.txt"))
        let dataset = try Dataset.load(path: dataPath)
        let training = dataset.examples(in: .train).prefix(320)
        let trainingSequences = training.map { tokenizer.encode($0.text, maxLength: 64) }
        let trainingLabels = training.map { dataset.classIndex(of: $0.label)! }
        let options = TrainingOptions(epochCount: 1, batchSize: 16, learningRate: 2e-5, patience: 1, seed: 0, maximumLength: 64)
        let fineTuneProcessorStart = AttributionBenchmark.processorSeconds()
        let fineTuneStart = DispatchTime.now().uptimeNanoseconds
        _ = phase("fineTune") {
            BertTrainer.train(model, trainingSequences: Array(trainingSequences), trainingLabels: Array(trainingLabels),
                              devSequences: [], devLabels: [], options: options)
        }
        let fineTuneSeconds = Double(DispatchTime.now().uptimeNanoseconds - fineTuneStart) / 1e9
        let fineTuneProcessorSeconds = AttributionBenchmark.processorSeconds() - fineTuneProcessorStart
        log("fine-tuning: \(training.count) examples in \(fineTuneSeconds) s")

        let test = dataset.examples(in: .test).prefix(256).map { tokenizer.encode($0.text, maxLength: 64) }
        let gradientProcessorStart = AttributionBenchmark.processorSeconds()
        let gradientStart = DispatchTime.now().uptimeNanoseconds
        _ = phase("gradientL2") {
            Attributor.attribute(model: model, method: GradientL2(), sequences: Array(test), labels: nil, target: .prediction, batchSize: 64)
        }
        let gradientSeconds = Double(DispatchTime.now().uptimeNanoseconds - gradientStart) / 1e9
        let gradientProcessorSeconds = AttributionBenchmark.processorSeconds() - gradientProcessorStart
        let integratedCount = 16
        let integratedProcessorStart = AttributionBenchmark.processorSeconds()
        let integratedStart = DispatchTime.now().uptimeNanoseconds
        _ = phase("integratedGradients") {
            Attributor.attribute(model: model, method: IntegratedGradients(steps: 50, internalBatchSize: 64), sequences: Array(test.prefix(integratedCount)),
                                 labels: nil, target: .prediction, batchSize: 64)
        }
        let integratedSeconds = Double(DispatchTime.now().uptimeNanoseconds - integratedStart) / 1e9
        let integratedProcessorSeconds = AttributionBenchmark.processorSeconds() - integratedProcessorStart
        log("grad-l2: \(test.count) examples in \(gradientSeconds) s; ig-50: \(integratedCount) examples in \(integratedSeconds) s")
        for (name, time) in phases.sorted(by: { $0.key < $1.key }) {
            log("\(name): \(String(format: "%.2f", time.user)) s user, \(String(format: "%.2f", time.system)) s system (\(String(format: "%.1f", 100 * time.systemShare))%)")
        }

        return Report(batch: batch, length: length, threads: ParallelFor.processorCount, forwardSeconds: forward,
                      forwardBackwardSeconds: forwardBackward, forwardFlops: flops, forwardGflops: flops / forward / 1e9,
                      forwardBackwardGflops: 3 * flops / forwardBackward / 1e9, blasEnvironment: BLASEnvironment.current().summary,
                      sgemmPeakGflops: peak, sgemmFeedForwardGflops: feedForward,
                      sgemmOpenBLASThreadsGflops: openBLASPeak, sgemmSalienceGemmGflops: salienceGemmPeak,
                      forwardBackwardShareOfPeak: 3 * flops / forwardBackward / 1e9 / peak,
                      fineTuneExamplesPerSecond: Double(training.count) / fineTuneSeconds, fineTuneExampleCount: training.count,
                      gradientL2ExamplesPerSecond: Double(test.count) / gradientSeconds, attributionExampleCount: test.count,
                      integratedGradientsSecondsPerExample: integratedSeconds / Double(integratedCount),
                      integratedGradientsExampleCount: integratedCount,
                      integratedGradientsCostRatio: (integratedSeconds / Double(integratedCount)) / (gradientSeconds / Double(test.count)),
                      forwardBackwardGflopsPerProcessorSecond: 3 * flops / forwardBackwardProcessor / 1e9,
                      forwardGflopsPerProcessorSecond: flops / forwardProcessor / 1e9,
                      sgemmGflopsPerProcessorSecond: peakPerProcessorSecond,
                      forwardBackwardShareOfPeakPerProcessorSecond: 3 * flops / forwardBackwardProcessor / 1e9 / peakPerProcessorSecond,
                      fineTuneExamplesPerProcessorSecond: Double(training.count) / fineTuneProcessorSeconds,
                      gradientL2ExamplesPerProcessorSecond: Double(test.count) / gradientProcessorSeconds,
                      integratedGradientsProcessorCostRatio: (integratedProcessorSeconds / Double(integratedCount))
                          / (gradientProcessorSeconds / Double(test.count)),
                      phaseProcessorSeconds: phases)
    }

    /// Best-of-four GFLOP/s of one `[m, k] × [k, n]` product: cblas_sgemm on OpenBLAS's own
    /// threads (one per core, restored to one afterwards) when `direct`, else `gemm`.
    static func sgemmGflops(m: Int, n: Int, k: Int, direct: Bool) -> Double {
        if direct { openblas_set_num_threads(Int32(ParallelFor.processorCount)) }
        defer { if direct { openblas_set_num_threads(1) } }
        return SgemmBenchmark.gflops(m: m, n: n, k: k, direct: direct)
    }
}
