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
        /// Best GFLOP/s of cblas_sgemm on 2048³ and on a 1024×1536×384 product (the feed-forward shape).
        public var sgemmPeakGflops: Double
        public var sgemmFeedForwardGflops: Double
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
        func median(_ body: () -> Void) -> Double {
            body()
            let times = (0..<repetitions).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }.sorted()
            return times[times.count / 2]
        }
        let forward = median { _ = model.logits(tokenBatch) }
        let forwardBackward = median {
            var noDropout: SplitMix64? = nil
            _ = model.accumulateGradients(batch: tokenBatch, labels: labels, generator: &noDropout, gradients: &gradients)
        }
        let hidden = Double(configuration.hiddenSize), intermediate = Double(configuration.intermediateSize)
        let tokens = Double(batch * length)
        let perLayer = 2 * tokens * (4 * hidden * hidden + 2 * hidden * intermediate) + 4 * Double(batch) * Double(length * length) * hidden
        let flops = Double(configuration.layerCount) * perLayer + 2 * Double(batch) * hidden * (hidden + Double(configuration.classCount))
        let peak = sgemmGflops(m: 2048, n: 2048, k: 2048)
        let feedForward = sgemmGflops(m: 1024, n: 1536, k: 384)
        log("forward \(forward) s (\(flops / forward / 1e9) GFLOP/s), forward+backward \(forwardBackward) s (\(3 * flops / forwardBackward / 1e9) GFLOP/s), sgemm peak \(peak) GFLOP/s")

        // Real snippets for fine-tuning and attribution.
        let tokenizer = try WordPieceTokenizer(vocabularyPath: (checkpoint as NSString).appendingPathComponent("vocab.txt"))
        let dataset = try Dataset.load(path: dataPath)
        let training = dataset.examples(in: .train).prefix(320)
        let trainingSequences = training.map { tokenizer.encode($0.text, maxLength: 64) }
        let trainingLabels = training.map { dataset.classIndex(of: $0.label)! }
        let options = TrainingOptions(epochCount: 1, batchSize: 16, learningRate: 2e-5, patience: 1, seed: 0, maximumLength: 64)
        let fineTuneStart = DispatchTime.now().uptimeNanoseconds
        _ = BertTrainer.train(model, trainingSequences: Array(trainingSequences), trainingLabels: Array(trainingLabels),
                              devSequences: [], devLabels: [], options: options)
        let fineTuneSeconds = Double(DispatchTime.now().uptimeNanoseconds - fineTuneStart) / 1e9
        log("fine-tuning: \(training.count) examples in \(fineTuneSeconds) s")

        let test = dataset.examples(in: .test).prefix(256).map { tokenizer.encode($0.text, maxLength: 64) }
        let gradientStart = DispatchTime.now().uptimeNanoseconds
        _ = Attributor.attribute(model: model, method: GradientL2(), sequences: Array(test), labels: nil, target: .prediction, batchSize: 64)
        let gradientSeconds = Double(DispatchTime.now().uptimeNanoseconds - gradientStart) / 1e9
        let integratedCount = 16
        let integratedStart = DispatchTime.now().uptimeNanoseconds
        _ = Attributor.attribute(model: model, method: IntegratedGradients(steps: 50, internalBatchSize: 64), sequences: Array(test.prefix(integratedCount)),
                                 labels: nil, target: .prediction, batchSize: 64)
        let integratedSeconds = Double(DispatchTime.now().uptimeNanoseconds - integratedStart) / 1e9
        log("grad-l2: \(test.count) examples in \(gradientSeconds) s; ig-50: \(integratedCount) examples in \(integratedSeconds) s")

        return Report(batch: batch, length: length, threads: Int(openblas_get_num_threads()), forwardSeconds: forward,
                      forwardBackwardSeconds: forwardBackward, forwardFlops: flops, forwardGflops: flops / forward / 1e9,
                      forwardBackwardGflops: 3 * flops / forwardBackward / 1e9, sgemmPeakGflops: peak, sgemmFeedForwardGflops: feedForward,
                      forwardBackwardShareOfPeak: 3 * flops / forwardBackward / 1e9 / peak,
                      fineTuneExamplesPerSecond: Double(training.count) / fineTuneSeconds, fineTuneExampleCount: training.count,
                      gradientL2ExamplesPerSecond: Double(test.count) / gradientSeconds, attributionExampleCount: test.count,
                      integratedGradientsSecondsPerExample: integratedSeconds / Double(integratedCount),
                      integratedGradientsExampleCount: integratedCount)
    }

    /// Best-of-three GFLOP/s of one cblas_sgemm of `[m, k] × [k, n]`.
    static func sgemmGflops(m: Int, n: Int, k: Int) -> Double {
        var generator = SplitMix64(seed: 1)
        let a = (0..<(m * k)).map { _ in generator.nextUnitFloat() }
        let b = (0..<(k * n)).map { _ in generator.nextUnitFloat() }
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0..<4 {
            let start = DispatchTime.now().uptimeNanoseconds
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, &c, Int32(n))
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(m) * Double(n) * Double(k) / best / 1e9
    }
}
