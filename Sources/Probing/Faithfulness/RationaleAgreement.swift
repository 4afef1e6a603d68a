/// Agreement of word scores with a person's rationale, by ERASER's definitions (DeYoung et al.
/// 2020, `rationale_benchmark/metrics.py`), on words instead of ERASER's tokens (docs/METHOD.md §10.4).
public enum RationaleAgreement {
    /// Average precision of `scores` ranking the `truth` words first, as scikit-learn's
    /// `average_precision_score`: Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct score thresholds, tied
    /// scores entering together; nil when all or none of the words are in the rationale (ERASER leaves those out).
    /// - Complexity: O(n log n).
    public static func averagePrecision(scores: [Double], truth: [Bool]) -> Double? {
        precondition(scores.count == truth.count, "\(scores.count) scores for \(truth.count) flags")
        let positiveCount = truth.filter { $0 }.count
        guard positiveCount > 0, positiveCount < truth.count else { return nil }
        let keys = scores.map { $0.isNaN ? -Double.infinity : $0 }
        let order = keys.indices.sorted { keys[$0] > keys[$1] }
        var truePositives = 0, seen = 0, previousRecall = 0.0, sum = 0.0
        var index = 0
        while index < order.count {
            let threshold = keys[order[index]]
            while index < order.count && keys[order[index]] == threshold {
                if truth[order[index]] { truePositives += 1 }
                seen += 1
                index += 1
            }
            let recall = Double(truePositives) / Double(positiveCount)
            sum += (recall - previousRecall) * Double(truePositives) / Double(seen)
            previousRecall = recall
        }
        return sum
    }

    /// The maximal runs of consecutive flagged words, as half-open ranges.
    /// - Complexity: O(n).
    public static func spans(_ flags: [Bool]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        for (index, flag) in flags.enumerated() {
            if flag, start == nil { start = index }
            if !flag, let first = start { result.append(first..<index); start = nil }
        }
        if let first = start { result.append(first..<flags.count) }
        return result
    }

    /// ERASER's partial-match counts at `threshold`: predicted spans whose best intersection over
    /// union with a true span is at least `threshold`, the predicted spans and the true spans.
    /// - Complexity: O(predicted spans × true spans × n).
    public static func partialMatch(predicted: [Bool], truth: [Bool], threshold: Double = 0.5)
        -> (matched: Int, predictedCount: Int, truthCount: Int) {
        let predictedSpans = spans(predicted), truthSpans = spans(truth)
        var matched = 0
        for span in predictedSpans {
            var best = 0.0
            for other in truthSpans {
                let intersection = max(0, min(span.upperBound, other.upperBound) - max(span.lowerBound, other.lowerBound))
                let union = span.count + other.count - intersection
                if union > 0 { best = max(best, Double(intersection) / Double(union)) }
            }
            if best >= threshold { matched += 1 }
        }
        return (matched, predictedSpans.count, truthSpans.count)
    }

    /// Flags of the `count` words ranked first by `scores` (ties to the earlier word).
    /// - Complexity: O(n log n).
    public static func topWords(scores: [Double], count: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: scores.count)
        for word in WordUnits.ranking(scores).prefix(count) { flags[word] = true }
        return flags
    }

    /// F1 of ERASER's micro precision and recall: 0 when either is 0.
    /// Counts are summed over examples (micro); the random method's are means over its orders.
    public static func f1(matched: Double, predictedCount: Double, truthCount: Double) -> Double {
        let precision = predictedCount > 0 ? matched / predictedCount : 0
        let recall = truthCount > 0 ? matched / truthCount : 0
        return precision == 0 || recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}
