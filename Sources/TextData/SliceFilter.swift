/// A slice of a dataset given by the `--where` language (docs/CLI.md §4.2): conditions joined by commas,
/// all of which must hold.
///
/// Conditions: `pred=C` (predicted class), `label=C` (gold class), `correct`, `wrong`,
/// `contains=TERM` (TERM appears in the text as a whole word or phrase, ignoring case; word
/// characters are letters, digits and `_`), `split=train|dev|test`, and `COLUMN=VALUE` for any
/// metadata column (e.g. `shortcut=rule0`). Every `KEY=VALUE` condition may be negated as
/// `KEY!=VALUE`. Spaces around keys and values are ignored; an empty expression selects everything.
public struct SliceFilter: Sendable {
    /// One parsed condition.
    public enum Condition: Sendable, Equatable {
        /// The predicted class equals (or, negated, differs from) the value.
        case prediction(String, negated: Bool)
        /// The gold label equals (or differs from) the value.
        case label(String, negated: Bool)
        /// The prediction equals the gold label.
        case correct
        /// The prediction differs from the gold label.
        case wrong
        /// The text contains (or lacks) the term as a whole word, ignoring case.
        case contains(String, negated: Bool)
        /// The example is (or is not) in the split.
        case split(Split, negated: Bool)
        /// The metadata column has (or lacks) the value.
        case column(String, String, negated: Bool)
    }

    /// The expression as given.
    public let expression: String
    /// The conditions, all of which must hold.
    public let conditions: [Condition]
    /// Lower-cased terms of the `contains` conditions, in condition order (nil elsewhere).
    private let loweredTerms: [[Unicode.Scalar]?]

    /// The keys with a built-in meaning.
    public static let builtInKeys = ["pred", "label", "correct", "wrong", "contains", "split"]

    /// Parses an expression, checking its syntax (and split names) only; unknown column keys are
    /// reported by `validate(columns:)`.
    public init(parsing expression: String) throws(DataError) {
        self.expression = expression
        var conditions: [Condition] = []
        let trimmed = expression.trimmingASCIIWhitespace()
        if !trimmed.isEmpty {
            for rawTerm in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                let term = String(rawTerm).trimmingASCIIWhitespace()
                conditions.append(try SliceFilter.parseCondition(term, expression: expression))
            }
        }
        self.conditions = conditions
        loweredTerms = conditions.map { condition in
            if case .contains(let term, _) = condition { return SliceFilter.foldedScalars(term) }
            return nil
        }
    }

    private static func parseCondition(_ term: String, expression: String) throws(DataError) -> Condition {
        guard !term.isEmpty else {
            throw DataError("The filter \"\(expression)\" has an empty condition; separate conditions with single commas, as in label=1,wrong.")
        }
        guard let equals = term.firstIndex(of: "=") else {
            switch term.lowercased() {
            case "correct": return .correct
            case "wrong": return .wrong
            default:
                throw DataError("\"\(term)\" is not a filter condition; write KEY=VALUE (pred, label, contains, split or a column name), correct or wrong.")
            }
        }
        var key = String(term[..<equals])
        var negated = false
        if key.hasSuffix("!") {
            negated = true
            key.removeLast()
        }
        key = key.trimmingASCIIWhitespace()
        let value = String(term[term.index(after: equals)...]).trimmingASCIIWhitespace()
        guard !key.isEmpty else {
            throw DataError("The filter condition \"\(term)\" has no key before =; write KEY=VALUE, as in label=1.")
        }
        guard !value.isEmpty else {
            throw DataError("The filter condition \"\(term)\" has no value after =; write KEY=VALUE, as in \(key)=\(key == "split" ? "test" : "1").")
        }
        switch key {
        case "pred", "prediction": return .prediction(value, negated: negated)
        case "label": return .label(value, negated: negated)
        case "contains": return .contains(value, negated: negated)
        case "split":
            guard let split = Split(fileValue: value) else {
                throw DataError("The filter condition split=\(value) names no split; use split=train, split=dev or split=test.")
            }
            return .split(split, negated: negated)
        case "correct", "wrong":
            throw DataError("The filter condition \"\(term)\" takes no value; write just \(key).")
        default:
            return .column(key, value, negated: negated)
        }
    }

    /// Whether the filter needs predictions (`pred`, `correct` or `wrong`).
    public var requiresPredictions: Bool {
        conditions.contains { condition in
            switch condition {
            case .prediction, .correct, .wrong: return true
            default: return false
            }
        }
    }

    /// The metadata columns the filter refers to.
    public var referencedColumns: [String] {
        conditions.compactMap { condition in
            if case .column(let name, _, _) = condition { return name }
            return nil
        }
    }

    /// Rejects keys that are neither built in nor among `columns` (the dataset's metadata columns).
    public func validate(columns: [String]) throws(DataError) {
        let known = Set(columns)
        for name in referencedColumns where !known.contains(name) {
            let columnList = columns.isEmpty ? "none" : columns.joined(separator: ", ")
            throw DataError("The filter key \"\(name)\" is unknown; valid keys are pred, label, correct, wrong, contains, split and the dataset's extra columns (\(columnList)).")
        }
    }

    /// Whether the example belongs to the slice; `prediction` is its predicted class name, `nil`
    /// if not predicted yet (then conditions on predictions do not hold).
    public func matches(_ example: Example, prediction: String?) -> Bool {
        for (index, condition) in conditions.enumerated() {
            let holds: Bool
            switch condition {
            case .prediction(let value, let negated):
                guard let prediction else { return false }
                holds = (prediction == value) != negated
            case .label(let value, let negated):
                holds = (example.label == value) != negated
            case .correct:
                guard let prediction else { return false }
                holds = prediction == example.label
            case .wrong:
                guard let prediction else { return false }
                holds = prediction != example.label
            case .contains(_, let negated):
                holds = SliceFilter.containsWholeWord(example.text, term: loweredTerms[index]!) != negated
            case .split(let split, let negated):
                holds = (example.split == split) != negated
            case .column(let name, let value, let negated):
                holds = ((example.metadata[name] ?? "") == value) != negated
            }
            if !holds { return false }
        }
        return true
    }

    /// The scalars of a string lower-cased (full mapping).
    static func foldedScalars(_ string: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(string.unicodeScalars.count)
        for scalar in string.unicodeScalars {
            if scalar.value < 0x80 {
                let value = scalar.value
                result.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// Whether `term` (lower-cased scalars) occurs in `text`, ignoring case, with no word
    /// character (letter, digit, mark, `_`) right before or after it.
    /// - Complexity: O(text length × term length).
    static func containsWholeWord(_ text: String, term: [Unicode.Scalar]) -> Bool {
        guard !term.isEmpty else { return true }
        let folded = foldedScalars(text)
        guard folded.count >= term.count else { return false }
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "_" { return true }
            let properties = scalar.properties
            if properties.isAlphabetic { return true }
            switch properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }
        let termStartsWithWord = isWordCharacter(term[0])
        let termEndsWithWord = isWordCharacter(term[term.count - 1])
        var start = 0
        while start + term.count <= folded.count {
            if folded[start] == term[0] {
                var matched = true
                for offset in 1..<term.count where folded[start + offset] != term[offset] {
                    matched = false
                    break
                }
                if matched {
                    let end = start + term.count
                    let boundaryBefore = start == 0 || !termStartsWithWord || !isWordCharacter(folded[start - 1])
                    let boundaryAfter = end == folded.count || !termEndsWithWord || !isWordCharacter(folded[end])
                    if boundaryBefore && boundaryAfter { return true }
                }
            }
            start += 1
        }
        return false
    }
}
