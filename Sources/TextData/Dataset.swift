import Foundation
import LinearAlgebra

/// A labelled text dataset: examples with their splits, the ordered classes, and the names of
/// the extra (metadata) columns.
public struct Dataset: Sendable {
    /// The examples in file order.
    public var examples: [Example]
    /// The class names; a label's class index is its position here.
    public var classes: [String]
    /// The extra columns in file order (every column but text, label, id and split).
    public var metadataColumns: [String]
    /// The file the dataset was read from.
    public var sourcePath: String

    /// A dataset from parts.
    public init(examples: [Example], classes: [String], metadataColumns: [String], sourcePath: String) {
        self.examples = examples
        self.classes = classes
        self.metadataColumns = metadataColumns
        self.sourcePath = sourcePath
    }

    /// The fraction of each class that goes to train and to dev when the file has no split column
    /// (the rest goes to test).
    public static let trainFraction = 0.8
    /// See `trainFraction`.
    public static let devFraction = 0.1

    /// Reads a CSV, TSV or JSON Lines file (chosen by extension: .csv, .tsv, .jsonl/.json).
    ///
    /// Text and label columns are required; the id column defaults to the 1-based row number and
    /// the split column to a seeded split: within each class (in class order) the rows are
    /// shuffled with `SplitMix64(seed: options.seed)` and the first 80% (rounded) go to train,
    /// the next 10% (rounded) to dev and the rest to test, so every split keeps the class mix.
    /// Every other column is kept as string metadata. Labels and split values are trimmed of
    /// surrounding whitespace; split values may be train/dev/test in any case (also
    /// validation/valid/val for dev).
    /// - Complexity: O(file size + n log n) for n examples.
    public static func load(path: String, options: DatasetOptions = DatasetOptions()) throws(DataError) -> Dataset {
        let table = try RawTable.read(path: path)
        return try fromTable(table, path: path, options: options)
    }

    /// Interprets a parsed table (see `load`).
    static func fromTable(_ table: RawTable, path: String, options: DatasetOptions) throws(DataError) -> Dataset {
        var seen: [String: Int] = [:]
        for (index, column) in table.columns.enumerated() {
            if seen[column] != nil {
                throw DataError("\(path) has two columns named \"\(column)\"; rename one of them.")
            }
            seen[column] = index
        }
        let columnList = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        guard let textIndex = seen[options.textColumn] else {
            throw DataError("\(path) has no text column \"\(options.textColumn)\" (its columns are \(columnList)).",
                            nextStep: .chooseValue(parameter: "textColumn", advice: "with the name of the text column"))
        }
        guard let labelIndex = seen[options.labelColumn] else {
            throw DataError("\(path) has no label column \"\(options.labelColumn)\" (its columns are \(columnList)).",
                            nextStep: .chooseValue(parameter: "labelColumn", advice: "with the name of the label column"))
        }
        guard textIndex != labelIndex else {
            throw DataError("\(path): the text and label columns are both \"\(options.textColumn)\"; they must be two different columns.",
                            nextStep: .chooseValue(parameter: "labelColumn", advice: "with a column other than the text column"))
        }
        let idIndex = seen[options.idColumn]
        let splitIndex = seen[options.splitColumn]
        let reserved = Set([textIndex, labelIndex] + [idIndex, splitIndex].compactMap { $0 })
        let metadataIndices = table.columns.indices.filter { !reserved.contains($0) }
        let metadataColumns = metadataIndices.map { table.columns[$0] }

        guard !table.rows.isEmpty else {
            throw DataError("\(path) has a header but no examples; add one line per example.")
        }

        if let classes = options.classes {
            guard classes.count == Set(classes).count else {
                throw DataError("The class list \(classes.joined(separator: ",")) names a class twice; list each class once.")
            }
        }
        let allowedClasses = options.classes.map(Set.init)

        var examples: [Example] = []
        examples.reserveCapacity(table.rows.count)
        var idLines: [String: Int] = [:]
        idLines.reserveCapacity(table.rows.count)
        for (rowNumber, row) in table.rows.enumerated() {
            let line = row.lineNumber
            let text = row.values[textIndex] ?? ""
            guard text.contains(where: { !$0.isWhitespace }) else {
                throw DataError("\(path) line \(line) has an empty text in column \"\(options.textColumn)\"; fill it in or remove the line.")
            }
            let label = (row.values[labelIndex] ?? "").trimmingASCIIWhitespace()
            guard !label.isEmpty else {
                throw DataError("\(path) line \(line) has an empty label in column \"\(options.labelColumn)\"; fill it in or remove the line.")
            }
            if let allowedClasses, !allowedClasses.contains(label) {
                throw DataError("\(path) line \(line) has the label \"\(label)\", which is not among the classes \(options.classes!.joined(separator: ",")); add it to the class list or remove the line.",
                                nextStep: .chooseValue(parameter: "classes", advice: "with every label of the file"))
            }
            let id: String
            if let idIndex {
                id = (row.values[idIndex] ?? "").trimmingASCIIWhitespace()
                guard !id.isEmpty else {
                    throw DataError("\(path) line \(line) has an empty id in column \"\(options.idColumn)\"; fill it in, or name an id column that has one for every line.",
                                    nextStep: .chooseValue(parameter: "idColumn", advice: "with a column that has an id on every line"))
                }
            } else {
                id = String(rowNumber + 1)
            }
            if let firstLine = idLines.updateValue(line, forKey: id) {
                throw DataError("\(path) line \(line) repeats the id \"\(id)\" of line \(firstLine); ids must be unique (fix the \"\(options.idColumn)\" column or drop it to number the rows).")
            }
            var split = Split.train
            if let splitIndex {
                let value = row.values[splitIndex] ?? ""
                guard let parsed = Split(fileValue: value) else {
                    throw DataError("\(path) line \(line) has the split \"\(value)\" in column \"\(options.splitColumn)\"; use train, dev or test, or name another split column.",
                                    nextStep: .chooseValue(parameter: "splitColumn", advice: "with another column"))
                }
                split = parsed
            }
            var metadata: [String: String] = [:]
            for index in metadataIndices {
                metadata[table.columns[index]] = row.values[index] ?? ""
            }
            examples.append(Example(id: id, text: text, label: label, split: split, metadata: metadata, lineNumber: line))
        }

        let classes = options.classes ?? sortedClasses(Set(examples.map(\.label)))
        guard classes.count >= 2 else {
            let found = classes.map { "\"\($0)\"" }.joined(separator: ", ")
            throw DataError("\(path) has only \(classes.count) class (\(found)) in column \"\(options.labelColumn)\"; a classifier needs at least 2 classes.",
                            nextStep: .chooseValue(parameter: "labelColumn", advice: "with the column that holds the labels"))
        }
        if splitIndex == nil {
            assignSplits(to: &examples, classes: classes, seed: options.seed)
        }
        return Dataset(examples: examples, classes: classes, metadataColumns: metadataColumns, sourcePath: path)
    }

    /// Label values in order: numerically when every value is an integer, else by string.
    static func sortedClasses(_ labels: Set<String>) -> [String] {
        let integers = labels.compactMap { Int($0) }
        if integers.count == labels.count {
            return labels.sorted { Int($0)! < Int($1)! }
        }
        return labels.sorted()
    }

    /// The seeded, class-stratified 80/10/10 split (see `load`).
    static func assignSplits(to examples: inout [Example], classes: [String], seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var indicesByLabel: [String: [Int]] = [:]
        for (index, example) in examples.enumerated() { indicesByLabel[example.label, default: []].append(index) }
        for label in classes {
            guard var indices = indicesByLabel[label] else { continue }
            seededShuffle(&indices, using: &generator)
            let trainCount = Int((Double(indices.count) * trainFraction).rounded())
            let devCount = min(indices.count - trainCount, Int((Double(indices.count) * devFraction).rounded()))
            for (position, index) in indices.enumerated() {
                examples[index].split = position < trainCount ? .train : position < trainCount + devCount ? .dev : .test
            }
        }
    }

    /// The position of a label in `classes`, or `nil`.
    public func classIndex(of label: String) -> Int? {
        classes.firstIndex(of: label)
    }

    /// The examples of one split, in file order.
    public func examples(in split: Split) -> [Example] {
        examples.filter { $0.split == split }
    }

    /// Writes the dataset as CSV with the columns id, text, label, split and then the metadata
    /// columns (RFC 4180 quoting, CRLF line ends), atomically: a temporary file in the same
    /// directory is renamed over `path` only when complete.
    public func write(csvTo path: String) throws(DataError) {
        let standard = ["id", "text", "label", "split"]
        if let clash = metadataColumns.first(where: { standard.contains($0) }) {
            throw DataError("Cannot write \(path): the metadata column \"\(clash)\" would clash with the standard column of that name; rename it in the input file.")
        }
        var output = ""
        output.reserveCapacity(examples.reduce(64) { $0 + $1.text.utf8.count + 48 })
        CSVWriting.appendRecord(standard + metadataColumns, to: &output)
        var fields: [String] = []
        for example in examples {
            fields.removeAll(keepingCapacity: true)
            fields.append(example.id)
            fields.append(example.text)
            fields.append(example.label)
            fields.append(example.split.rawValue)
            for column in metadataColumns { fields.append(example.metadata[column] ?? "") }
            CSVWriting.appendRecord(fields, to: &output)
        }
        try AtomicFile.write(Data(output.utf8), to: path)
    }
}

/// Fisher–Yates shuffle driven by `SplitMix64`, fixed across platforms and Swift versions
/// (unlike `shuffle(using:)`, whose algorithm is not specified).
func seededShuffle<Element>(_ elements: inout [Element], using generator: inout SplitMix64) {
    guard elements.count > 1 else { return }
    for index in stride(from: elements.count - 1, to: 0, by: -1) {
        let other = Int(generator.next() % UInt64(index + 1))
        elements.swapAt(index, other)
    }
}
