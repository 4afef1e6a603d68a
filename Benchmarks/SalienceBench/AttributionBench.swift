import Attribution
import Foundation
import Models
import TextData

/// `salience-bench attribution`: the cost of Grad-L2, Grad×Input and Integrated Gradients on
/// the test split of a dataset with a trained Kim CNN, and the completeness gap of Integrated
/// Gradients against its number of Gauss–Legendre steps (docs/METHOD.md §4.4).
public enum AttributionBenchmark {
    /// One timed attribution of the whole split.
    public struct Timing: Codable, Sendable {
        /// `grad-l2`, `grad-input`, `ig-50` ….
        public var method: String
        /// Integrated Gradients' rows per gradient call (nil for one-pass methods).
        public var internalBatchSize: Int?
        /// Examples attributed.
        public var exampleCount: Int
        /// Wall-clock seconds (best of the repeats).
        public var seconds: Double
        /// Processor seconds of the whole process during that run (all threads).
        public var processorSeconds: Double
        /// `exampleCount / seconds`.
        public var examplesPerSecond: Double
    }

    /// The completeness gap of Integrated Gradients at one step count.
    public struct Gap: Codable, Sendable {
        /// Gauss–Legendre nodes.
        public var steps: Int
        /// `zero`, `pad` or `mask`.
        public var baseline: String
        /// Median over examples of |δ| / |f(x) − f(b)|.
        public var medianRelativeGap: Double
        /// 90th percentile of the same ratio.
        public var percentile90RelativeGap: Double
        /// Examples whose ratio is below 1%.
        public var fractionBelowOnePercent: Double
    }

    /// Everything measured.
    public struct Report: Codable, Sendable {
        /// Examples in the split.
        public var exampleCount: Int
        /// Attributor batch size.
        public var batchSize: Int
        /// Timings, Grad-L2 first.
        public var timings: [Timing]
        /// The wall-clock cost of each timing as a multiple of Grad-L2's.
        public var costRelativeToGradientL2: [String: Double]
        /// The processor-time cost of each timing as a multiple of Grad-L2's.
        public var processorCostRelativeToGradientL2: [String: Double]
        /// Completeness gaps.
        public var gaps: [Gap]
        /// 1-minute load average before and after (the machine is shared).
        public var loadAverage: [Double]
    }

    /// The test-split sequences and labels of `dataPath`, tokenized like the model in `modelDirectory`
    /// (its `vocab.txt`, the added tokens and maximum length of its `salience.json`).
    public static func testSequences(modelDirectory: String, dataPath: String) throws -> (sequences: [[Int32]], labels: [Int], maskID: Int32) {
        let recipeURL = URL(fileURLWithPath: modelDirectory).appendingPathComponent("salience.json")
        let recipe = (try? JSONSerialization.jsonObject(with: Data(contentsOf: recipeURL))) as? [String: Any] ?? [:]
        let addedTokens = recipe["addedTokens"] as? [String] ?? []
        let maximumLength = recipe["maximumLength"] as? Int ?? 128
        let tokenizer = try WordPieceTokenizer(vocabularyPath: (modelDirectory as NSString).appendingPathComponent("vocab.txt"), addedTokens: addedTokens)
        let dataset = try Dataset.load(path: dataPath)
        let examples = dataset.examples(in: .test)
        return (examples.map { tokenizer.encode($0.text, maxLength: maximumLength) }, examples.map { dataset.classIndex(of: $0.label)! },
                tokenizer.maskID)
    }

    /// Times each method over `sequences` (best of `repeatCount`) and measures IG's completeness
    /// gap at `gapSteps` Gauss–Legendre nodes from the zero baseline (and the mask baseline at 50).
    public static func run(model: KimCNN, sequences: [[Int32]], maskID: Int32, batchSize: Int = 64, repeatCount: Int = 2,
                           internalBatchSizes: [Int] = [IntegratedGradients().internalBatchSize], explainers: Bool = true,
                           maskBaseline: Bool = true, gapSteps: [Int] = [10, 50, 200],
                           log: (String) -> Void = { print($0) }) -> Report {
        let load = [loadAverage()]
        func time(_ label: String, _ method: any SalienceMethod, internalBatchSize: Int? = nil, repeats: Int) -> (Timing, [SalienceMap]) {
            var best = Double.infinity, bestProcessor = Double.infinity
            var maps: [SalienceMap] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds, processorStart = processorSeconds()
                maps = Attributor.attribute(model: model, method: method, sequences: sequences, labels: nil, target: .prediction, batchSize: batchSize)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                bestProcessor = min(bestProcessor, processorSeconds() - processorStart)
            }
            let timing = Timing(method: label, internalBatchSize: internalBatchSize, exampleCount: sequences.count, seconds: best,
                                processorSeconds: bestProcessor, examplesPerSecond: Double(sequences.count) / best)
            log("\(label)\(internalBatchSize.map { " (internal batch \($0))" } ?? ""): \(String(format: "%.3f", best)) s wall, \(String(format: "%.3f", bestProcessor)) s processor, \(String(format: "%.1f", timing.examplesPerSecond)) examples/s")
            return (timing, maps)
        }
        // Warm-up (page in the weights, let BLAS spin up its threads).
        _ = Attributor.attribute(model: model, method: GradientL2(), sequences: Array(sequences.prefix(batchSize)), labels: nil,
                                 target: .prediction, batchSize: batchSize)
        var timings = [time("grad-l2", GradientL2(), repeats: repeatCount).0,
                       time("grad-input", GradientTimesInput(), repeats: repeatCount).0]
        // The explainers (issue 13): LRP-ε and the decomposition (one pass each), occlusion with the
        // mask token (words + 1 forward passes per example) and LIME with 1,000 samples, once each.
        if explainers {
            timings += [time("lrp", LayerwiseRelevance(), repeats: repeatCount).0, time("decomposition", NGramDecomposition(), repeats: repeatCount).0,
                        time("occlusion", Occlusion(kind: .mask, maskID: maskID), repeats: 1).0, time("lime-1000", LIME(samples: 1000), repeats: 1).0]
        }
        var gaps: [Gap] = []
        var igMaps: [Int: [SalienceMap]] = [:]
        for internalBatchSize in internalBatchSizes {
            let (timing, maps) = time("ig-50", IntegratedGradients(steps: 50, internalBatchSize: internalBatchSize), internalBatchSize: internalBatchSize, repeats: 1)
            timings.append(timing)
            igMaps[50] = maps
        }
        for steps in gapSteps {
            let maps = igMaps[steps] ?? time("ig-\(steps)", IntegratedGradients(steps: steps), internalBatchSize: IntegratedGradients().internalBatchSize, repeats: 1).1
            gaps.append(gap(maps, steps: steps, baseline: "zero"))
        }
        if maskBaseline {
            let masked = time("ig-50-mask", IntegratedGradients(steps: 50, baseline: .token(maskID), baselineName: "mask"),
                              internalBatchSize: IntegratedGradients().internalBatchSize, repeats: 1).1
            gaps.append(gap(masked, steps: 50, baseline: "mask"))
        }
        for entry in gaps {
            log("IG \(entry.steps) steps, \(entry.baseline) baseline: median |δ|/|Δf| \(entry.medianRelativeGap), p90 \(entry.percentile90RelativeGap), below 1%: \(entry.fractionBelowOnePercent)")
        }
        var relative: [String: Double] = [:], processorRelative: [String: Double] = [:]
        for timing in timings {
            let key = timing.method + (timing.internalBatchSize.map { "@\($0)" } ?? "")
            relative[key] = timing.seconds / timings[0].seconds
            processorRelative[key] = timing.processorSeconds / timings[0].processorSeconds
        }
        return Report(exampleCount: sequences.count, batchSize: batchSize, timings: timings, costRelativeToGradientL2: relative,
                      processorCostRelativeToGradientL2: processorRelative,
                      gaps: gaps, loadAverage: load.compactMap { $0 } + [loadAverage()].compactMap { $0 })
    }

    /// Median, 90th percentile and share below 1% of |δ| / |f(x) − f(b)| over `maps`.
    public static func gap(_ maps: [SalienceMap], steps: Int, baseline: String) -> Gap {
        let ratios = maps.compactMap { map -> Double? in
            guard let delta = map.delta, let baselineLogit = map.baselineLogit else { return nil }
            return abs(Double(delta)) / max(abs(Double(map.targetLogit) - Double(baselineLogit)), 1e-12)
        }.sorted()
        guard !ratios.isEmpty else { return Gap(steps: steps, baseline: baseline, medianRelativeGap: .nan, percentile90RelativeGap: .nan, fractionBelowOnePercent: .nan) }
        let median = ratios.count % 2 == 1 ? ratios[ratios.count / 2] : (ratios[ratios.count / 2 - 1] + ratios[ratios.count / 2]) / 2
        return Gap(steps: steps, baseline: baseline, medianRelativeGap: median,
                   percentile90RelativeGap: ratios[min(ratios.count - 1, Int((0.9 * Double(ratios.count)).rounded(.down)))],
                   fractionBelowOnePercent: Double(ratios.filter { $0 < 0.01 }.count) / Double(ratios.count))
    }

    /// Processor time used so far by every thread of this process, in seconds.
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The 1-minute load average, when the system reports one.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
