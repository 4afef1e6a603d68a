import LinearAlgebra

/// Which class's logit a salience map explains.
public enum TargetRule: Sendable, Equatable {
    /// The predicted class (the default, as in LIT and the paper).
    case prediction
    /// The gold label.
    case label
    /// A fixed class.
    case classIndex(Int)

    /// Parses a target: `prediction`, `label`, a class name, or a class index.
    public static func parse(_ text: String, classNames: [String]) throws(AttributionError) -> TargetRule {
        switch text {
        case "prediction": return .prediction
        case "label": return .label
        default:
            if let index = classNames.firstIndex(of: text) { return .classIndex(index) }
            if let index = Int(text), index >= 0, index < classNames.count { return .classIndex(index) }
            let names = classNames.isEmpty ? "" : ", a class name (\(classNames.joined(separator: ", ")))"
            throw AttributionError("The target class '\(text)' is unknown; use prediction, label\(names) or a class index 0–\(max(classNames.count - 1, 0)).")
        }
    }

    /// The name stored in a `SalienceRecipe`: `prediction`, `label`, or the class's name.
    public func recipeName(classNames: [String]) -> String {
        switch self {
        case .prediction: return "prediction"
        case .label: return "label"
        case .classIndex(let index): return index < classNames.count ? classNames[index] : String(index)
        }
    }

    /// The class index explained for each row of `logits` (`[batchSize, classCount]`); `labels`
    /// must be given for the `label` rule.
    public func targets(logits: Matrix, labels: [Int]?) -> [Int] {
        switch self {
        case .prediction: return largestIndices(logits)
        case .label:
            guard let labels else { preconditionFailure("The label target rule needs labels") }
            precondition(labels.count == logits.rowCount, "\(logits.rowCount) examples but \(labels.count) labels")
            return labels
        case .classIndex(let index): return Array(repeating: index, count: logits.rowCount)
        }
    }
}

/// Index of the largest value of every row, the lowest on ties.
func largestIndices(_ matrix: Matrix) -> [Int] {
    (0..<matrix.rowCount).map { row in
        var best = 0
        for column in 0..<matrix.columnCount where matrix[row, column] > matrix[row, best] { best = column }
        return best
    }
}
