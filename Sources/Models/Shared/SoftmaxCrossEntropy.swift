import Foundation
import LinearAlgebra

/// Mean softmax cross-entropy of `logits` (`[batchSize, classCount]`) against `labels`, and its
/// gradient with respect to the logits, `(softmax − onehot) / batchSize`.
/// - Complexity: O(batchSize × classCount).
func softmaxCrossEntropy(logits: Matrix, labels: [Int]) -> (loss: Double, gradient: Matrix) {
    precondition(labels.count == logits.rowCount, "Expected \(logits.rowCount) labels, got \(labels.count)")
    var probabilities = logits
    softmaxRows(&probabilities)
    let scale = 1 / Float(max(logits.rowCount, 1))
    var loss = 0.0
    for (row, label) in labels.enumerated() {
        precondition(label >= 0 && label < logits.columnCount, "Label \(label) outside 0..<\(logits.columnCount)")
        // log softmax computed from the logits directly, so a confident wrong answer stays finite.
        var largest = logits[row, 0]
        for column in 1..<logits.columnCount { largest = max(largest, logits[row, column]) }
        var sum = 0.0
        for column in 0..<logits.columnCount { sum += exp(Double(logits[row, column] - largest)) }
        loss += log(sum) - Double(logits[row, label] - largest)
        probabilities[row, label] -= 1
    }
    probabilities.values.withUnsafeMutableBufferPointer { values in
        for index in values.indices { values[index] *= scale }
    }
    return (loss / Double(max(logits.rowCount, 1)), probabilities)
}
