import Foundation
import LinearAlgebra
@testable import Models

/// An independent, plain-loop Double implementation of the Kim CNN, written from the
/// definition (not from the GEMM formulation), used as the reference for gradient checks.
/// Parameters are read in the exported (PyTorch) layouts.
struct ReferenceKimCNN {
    var widths: [Int]
    var filterCount: Int
    var dimension: Int
    var classCount: Int
    /// `embedding.weight` `[V, d]`.
    var embedding: [Double]
    /// `convolutions.{i}.weight` `[F, d, w]`.
    var convolutionWeights: [[Double]]
    /// `convolutions.{i}.bias` `[F]`.
    var convolutionBiases: [[Double]]
    /// `hidden.weight` `[H, 3F]`; empty without a hidden layer.
    var hiddenWeight: [Double]
    /// `hidden.bias` `[H]`; empty without a hidden layer.
    var hiddenBias: [Double]
    /// `classifier.weight` `[C, 3F]`, or `[C, H]` after a hidden layer.
    var classifierWeight: [Double]
    /// `classifier.bias` `[C]`.
    var classifierBias: [Double]

    init(_ model: KimCNN) {
        let tensors = model.exportedTensors()
        let configuration = model.configuration
        widths = configuration.filterWidths
        filterCount = configuration.filterCount
        dimension = configuration.embeddingDimension
        classCount = configuration.classCount
        embedding = tensors["embedding.weight"]!.values.map(Double.init)
        convolutionWeights = widths.indices.map { tensors["convolutions.\($0).weight"]!.values.map(Double.init) }
        convolutionBiases = widths.indices.map { tensors["convolutions.\($0).bias"]!.values.map(Double.init) }
        hiddenWeight = tensors["hidden.weight"]?.values.map(Double.init) ?? []
        hiddenBias = tensors["hidden.bias"]?.values.map(Double.init) ?? []
        classifierWeight = tensors["classifier.weight"]!.values.map(Double.init)
        classifierBias = tensors["classifier.bias"]!.values.map(Double.init)
    }

    /// Rows of the embedding table for `sequence`, `[length][d]`.
    func embedded(_ sequence: [Int32]) -> [[Double]] {
        sequence.map { token in Array(embedding[(Int(token) * dimension)..<((Int(token) + 1) * dimension)]) }
    }

    /// Pooled pre-activation maxima, `[3F]`, of one sequence given its embedded rows.
    func pooledMaxima(_ rows: [[Double]]) -> [Double] {
        var result: [Double] = []
        for (index, width) in widths.enumerated() {
            let windowCount = max(rows.count - width + 1, 1)
            for filter in 0..<filterCount {
                var best = -Double.infinity
                for start in 0..<windowCount {
                    var sum = convolutionBiases[index][filter]
                    for tap in 0..<width where start + tap < rows.count {
                        for column in 0..<dimension {
                            sum += convolutionWeights[index][(filter * dimension + column) * width + tap] * rows[start + tap][column]
                        }
                    }
                    best = max(best, sum)
                }
                result.append(best)
            }
        }
        return result
    }

    /// What the output layer reads for one sequence: the rectified pooled maxima times the
    /// optional dropout mask `[3F]`, then, with a hidden layer, `relu(hidden · features + b)`
    /// times the optional hidden mask `[H]`.
    func representation(_ rows: [[Double]], mask: [Double]? = nil, hiddenMask: [Double]? = nil) -> [Double] {
        let features = pooledMaxima(rows).enumerated().map { max($0.element, 0) * (mask?[$0.offset] ?? 1) }
        guard !hiddenBias.isEmpty else { return features }
        return hiddenBias.indices.map { unit in
            var sum = hiddenBias[unit]
            for (index, feature) in features.enumerated() { sum += hiddenWeight[unit * features.count + index] * feature }
            return max(sum, 0) * (hiddenMask?[unit] ?? 1)
        }
    }

    /// Logits `[C]` of one sequence given its embedded rows, with optional dropout masks
    /// (`[3F]` on the pooled features, `[H]` on the hidden activations).
    func logits(_ rows: [[Double]], mask: [Double]? = nil, hiddenMask: [Double]? = nil) -> [Double] {
        let inputs = representation(rows, mask: mask, hiddenMask: hiddenMask)
        return (0..<classCount).map { output in
            var sum = classifierBias[output]
            for (index, input) in inputs.enumerated() { sum += classifierWeight[output * inputs.count + index] * input }
            return sum
        }
    }

    /// Mean softmax cross-entropy over a batch.
    func loss(_ sequences: [[Int32]], labels: [Int], masks: [[Double]]? = nil, hiddenMasks: [[Double]]? = nil) -> Double {
        var total = 0.0
        for (index, sequence) in sequences.enumerated() {
            let values = logits(embedded(sequence), mask: masks?[index], hiddenMask: hiddenMasks?[index])
            let largest = values.max()!
            let logSum = log(values.map { exp($0 - largest) }.reduce(0, +)) + largest
            total += logSum - values[labels[index]]
        }
        return total / Double(sequences.count)
    }
}

/// Central finite difference of `function` with respect to one value that `set` writes and that
/// currently equals `value`; the value is restored afterwards. (A closure-based setter rather
/// than an `inout` argument, so `function` may read the same storage without an overlapping access.)
func centralDifference(at value: Double, set: (Double) -> Void, step: Double = 1e-6, _ function: () -> Double) -> Double {
    set(value + step)
    let plus = function()
    set(value - step)
    let minus = function()
    set(value)
    return (plus - minus) / (2 * step)
}

/// Relative error of an analytic gradient against a numerical one, with an absolute floor so
/// that entries that are zero up to rounding do not blow up.
func relativeError(_ analytic: Double, _ numerical: Double, floor: Double = 1e-4) -> Double {
    abs(analytic - numerical) / max(abs(analytic), abs(numerical), floor)
}

/// A tiny random model: vocabulary 20, d = 6, widths [2, 3], 4 filters, 3 classes, and a
/// hidden layer of `hiddenSize` units when positive.
func tinyModel(seed: UInt64 = 7, trainEmbeddings: Bool = false, dropout: Float = 0.5, hiddenSize: Int = 0,
               hiddenDropout: Float = 0) -> KimCNN {
    var generator = SplitMix64(seed: seed)
    let configuration = KimCNNConfiguration(vocabularySize: 20, embeddingDimension: 6, classCount: 3, filterWidths: [2, 3],
                                            filterCount: 4, dropout: dropout, trainEmbeddings: trainEmbeddings,
                                            hiddenSize: hiddenSize, hiddenDropout: hiddenDropout)
    return KimCNN(configuration: configuration, embeddingTable: nil, generator: &generator)
}

/// Sequences of lengths 5, 1, 3, 7 and 2 (two shorter than the widest filter).
let tinySequences: [[Int32]] = [[1, 4, 7, 2, 9], [3], [12, 5, 5], [8, 19, 0, 6, 11, 2, 14], [10, 13]]
let tinyLabels = [0, 2, 1, 1, 0]

/// `true` when every pair differs by at most `tolerance` relative to the larger magnitude (or absolutely below 1).
func approximatelyEqual(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($0), abs($1)) }
}
