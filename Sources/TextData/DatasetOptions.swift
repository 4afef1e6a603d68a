/// How to read a dataset file: the column names, the class order and the split seed.
public struct DatasetOptions: Sendable {
    /// The column holding the text (`--text-column`).
    public var textColumn: String
    /// The column holding the label (`--label-column`).
    public var labelColumn: String
    /// The column holding the example id (`--id-column`); when absent, ids are row numbers.
    public var idColumn: String
    /// The column holding train/dev/test (`--split-column`); when absent, a seeded 80/10/10 split.
    public var splitColumn: String
    /// The explicit class order (`--classes`); `nil` sorts the label values (numerically when
    /// every label is an integer).
    public var classes: [String]?
    /// The seed of the 80/10/10 split used when the file has no split column.
    public var seed: UInt64

    /// Options with the command line defaults.
    public init(textColumn: String = "text", labelColumn: String = "label", idColumn: String = "id",
                splitColumn: String = "split", classes: [String]? = nil, seed: UInt64 = 0) {
        self.textColumn = textColumn
        self.labelColumn = labelColumn
        self.idColumn = idColumn
        self.splitColumn = splitColumn
        self.classes = classes
        self.seed = seed
    }
}
