/// One labelled text of a dataset, with every extra column kept as metadata.
public struct Example: Sendable, Equatable {
    /// The example's identifier (the id column, else the 1-based row number).
    public var id: String
    /// The raw text.
    public var text: String
    /// The raw label string as it appears in the file (see `Dataset.classes` for the order).
    public var label: String
    /// The partition the example belongs to.
    public var split: Split
    /// Every other column of the file, by column name, kept as strings (e.g. `movie`, `shortcut`).
    public var metadata: [String: String]
    /// The 1-based line of the record in its file (the line where a multi-line record starts).
    public var lineNumber: Int

    /// An example with the given fields.
    public init(id: String, text: String, label: String, split: Split,
                metadata: [String: String] = [:], lineNumber: Int = 0) {
        self.id = id
        self.text = text
        self.label = label
        self.split = split
        self.metadata = metadata
        self.lineNumber = lineNumber
    }
}
