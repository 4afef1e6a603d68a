import ArgumentParser
import TextData

/// Options naming the columns of an input data file.
struct DataFileOptions: ParsableArguments {
    @Option(help: "Name of the text column.")
    var textColumn: String = "text"

    @Option(help: "Name of the label column.")
    var labelColumn: String = "label"

    @Option(help: "Name of the id column (else the row number).")
    var idColumn: String = "id"

    @Option(help: "Name of the split column with values train/dev/test (else a seeded 80/10/10 split).")
    var splitColumn: String = "split"

    @Option(help: "Class order, comma-separated (default: sorted label values).")
    var classes: String?

    /// Loader options with `seed` for the split.
    func datasetOptions(seed: UInt64) -> DatasetOptions {
        DatasetOptions(textColumn: textColumn, labelColumn: labelColumn, idColumn: idColumn, splitColumn: splitColumn,
                       classes: classes.map { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }, seed: seed)
    }
}

extension String {
    /// The string without leading and trailing white space.
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
