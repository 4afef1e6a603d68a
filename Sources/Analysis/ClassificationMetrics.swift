/// Precision, recall and F1 of one class.
public struct ClassMetrics: Codable, Sendable, Equatable {
    public var name: String
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int
}

/// Accuracy, per-class metrics and the confusion matrix of predictions against gold labels.
public struct ClassificationMetrics: Codable, Sendable, Equatable {
    /// Number of examples.
    public var n: Int
    /// Share of correct predictions.
    public var accuracy: Double
    /// One entry per class, in class order.
    public var classes: [ClassMetrics]
    /// `confusion[gold][predicted]` counts, `[classCount, classCount]`.
    public var confusion: [[Int]]

    /// Metrics of `predictions` against `labels` (class indices), with `classNames` in index order.
    ///
    /// A class never predicted has precision 0; one with no support has recall 0 (scikit-learn's zero_division=0).
    /// - Complexity: O(n + classCount²).
    public init(labels: [Int], predictions: [Int], classNames: [String]) {
        precondition(labels.count == predictions.count, "\(labels.count) labels for \(predictions.count) predictions")
        let classCount = classNames.count
        var confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (label, prediction) in zip(labels, predictions) { confusion[label][prediction] += 1 }
        let correct = (0..<classCount).reduce(0) { $0 + confusion[$1][$1] }
        self.n = labels.count
        self.accuracy = labels.isEmpty ? 0 : Double(correct) / Double(labels.count)
        self.confusion = confusion
        self.classes = (0..<classCount).map { index in
            let truePositives = Double(confusion[index][index])
            let predicted = Double((0..<classCount).reduce(0) { $0 + confusion[$1][index] })
            let support = confusion[index].reduce(0, +)
            let precision = predicted > 0 ? truePositives / predicted : 0
            let recall = support > 0 ? truePositives / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassMetrics(name: classNames[index], precision: precision, recall: recall, f1: f1, support: support)
        }
    }
}
