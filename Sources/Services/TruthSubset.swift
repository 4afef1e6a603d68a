import Foundation
import TextData
import Workspace

/// The ground-truth subset of a shortcut check: a regular expression over the text or a slice filter.
public enum TruthSubset: Sendable {
    /// Examples whose text matches the pattern.
    case regex(String)
    /// Examples that pass the filter (e.g. `shortcut=rule0`), with the expression as written.
    case filter(SliceFilter, expression: String)

    /// Membership of each example at `positions`.
    /// - Complexity: O(total text length) for a pattern, O(positions) for a filter.
    func membership(positions: [Int], session: WorkspaceSession) throws(WorkspaceError) -> [Bool] {
        switch self {
        case .regex(let pattern):
            let expression: NSRegularExpression
            do { expression = try NSRegularExpression(pattern: pattern) } catch {
                throw WorkspaceError("The truth pattern \(pattern) is not a valid regular expression; check its brackets and escapes.",
                                     nextStep: .chooseValue(parameter: "truthRegex", advice: "a valid regular expression"))
            }
            return positions.map { position in
                let text = session.dataset.examples[position].text
                return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
        case .filter(let filter, let text):
            do { try filter.validate(columns: session.dataset.metadataColumns) } catch {
                // The filter's advice holds for the truth filter, whose flag is not the slice filter's.
                var nextStep = error.nextStep
                if case .chooseValue(_, let advice) = nextStep { nextStep = .chooseValue(parameter: "truthFilter", advice: advice) }
                throw WorkspaceError("The truth filter \(text) cannot be used: \(error.message)", nextStep: nextStep)
            }
            return positions.map { position in
                filter.matches(session.dataset.examples[position], prediction: session.classes[session.predictions[position]])
            }
        }
    }
}
