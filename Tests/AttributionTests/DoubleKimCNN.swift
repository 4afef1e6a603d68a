import Models
import Testing

/// An independent Double evaluation of a `KimCNN` by the definition (convolutions of each
/// width over the real tokens, a single zero-padded window for shorter sequences, bias, max
/// over time, ReLU, linear layer), from its exported PyTorch-layout tensors. Finite
/// differences of it with a tiny step (1e-6) neither suffer Float rounding nor cross the
/// max-pooling/ReLU kinks that lie a few hundredths away along an integration path.
///
/// It covers the embeddings → convolutions → linear architecture only; a model with other
/// tensors (a hidden layer, say) needs this reference extended.
struct DoubleKimCNN {
    let widths: [Int]
    let filterCount: Int
    let dimension: Int
    let classCount: Int
    let tensors: [String: [Double]]

    init(_ model: KimCNN) {
        let exported = model.exportedTensors()
        var expected: Set<String> = ["embedding.weight", "classifier.weight", "classifier.bias"]
        for index in model.configuration.filterWidths.indices {
            expected.insert("convolutions.\(index).weight")
            expected.insert("convolutions.\(index).bias")
        }
        precondition(Set(exported.keys) == expected,
                     "DoubleKimCNN knows the tensors \(expected.sorted()) but the model exports \(exported.keys.sorted()); extend the reference")
        widths = model.configuration.filterWidths
        filterCount = model.configuration.filterCount
        dimension = model.embeddingDimension
        classCount = model.classCount
        tensors = exported.mapValues { $0.values.map(Double.init) }
    }

    /// The logits of one sequence given its embedded rows, `[length][d]` → `[classCount]`.
    func logits(_ rows: [[Double]]) -> [Double] {
        var features: [Double] = []
        for (index, width) in widths.enumerated() {
            let weights = tensors["convolutions.\(index).weight"]!, bias = tensors["convolutions.\(index).bias"]!
            for filter in 0..<filterCount {
                var best = -Double.infinity
                for start in 0..<max(rows.count - width + 1, 1) {
                    var sum = bias[filter]
                    for tap in 0..<width where start + tap < rows.count {
                        for column in 0..<dimension { sum += weights[(filter * dimension + column) * width + tap] * rows[start + tap][column] }
                    }
                    best = max(best, sum)
                }
                features.append(max(best, 0))
            }
        }
        let weights = tensors["classifier.weight"]!, bias = tensors["classifier.bias"]!
        return (0..<classCount).map { output in
            bias[output] + features.indices.reduce(0.0) { $0 + weights[output * features.count + $1] * features[$1] }
        }
    }

    /// `(f_target(rows + h u) − f_target(rows − h u)) / 2h` with `u` = `direction` at `position`.
    func directionalDerivative(_ rows: [[Double]], position: Int, direction: [Double], target: Int, step: Double = 1e-6) -> Double {
        var plus = rows, minus = rows
        for column in 0..<dimension {
            plus[position][column] += step * direction[column]
            minus[position][column] -= step * direction[column]
        }
        return (logits(plus)[target] - logits(minus)[target]) / (2 * step)
    }
}
