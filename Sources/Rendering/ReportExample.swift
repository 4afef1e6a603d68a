/// One example text shown in an `HTMLReport` list.
public struct ReportExample: Sendable, Hashable {
    /// Identifier shown before the text.
    public var id: String
    /// The full text (escaped when written).
    public var text: String
    /// A short line of facts after the id, e.g. "fresh → rotten (p = 0.93)" ("" for none).
    public var detail: String
    /// Terms wrapped in `<mark>` wherever they occur in `text` (case-insensitive).
    public var markedTerms: [String]

    /// An example from its fields.
    public init(id: String, text: String, detail: String = "", markedTerms: [String] = []) {
        self.id = id
        self.text = text
        self.detail = detail
        self.markedTerms = markedTerms
    }
}
