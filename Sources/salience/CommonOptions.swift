import ArgumentParser
import TextData
import Services
import Workspace
import Representation

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

/// Options every command that reads or writes a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace directory.")
    var workspace: String = "salience-workspace"

    @Option(name: .long, help: "Output: a human table, or one JSON document on stdout.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Seed of every random choice (same seed, same result).")
    var seed: UInt64 = 0

    /// Opens the existing workspace.
    func open() throws -> Workspace { try Workspace.open(directory: workspace, create: false) }
}

/// Options naming the columns of an input data file.
struct DataFileOptions: ParsableArguments {
    @Option(name: .long, help: "Name of the text column.")
    var textColumn: String = "text"

    @Option(name: .long, help: "Name of the label column.")
    var labelColumn: String = "label"

    @Option(name: .long, help: "Name of the id column (else the row number).")
    var idColumn: String = "id"

    @Option(name: .long, help: "Name of the split column with values train/dev/test (else a seeded 80/10/10 split).")
    var splitColumn: String = "split"

    @Option(name: .long, help: "Class order, comma-separated (default: sorted label values).")
    var classes: String?

    /// Loader options with `seed` for the split.
    func datasetOptions(seed: UInt64) -> DatasetOptions {
        DatasetOptions(textColumn: textColumn, labelColumn: labelColumn, idColumn: idColumn, splitColumn: splitColumn,
                       classes: classes.map { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }, seed: seed)
    }
}

/// The salience method and its settings.
struct SalienceOptions: ParsableArguments {
    @Option(name: .long, help: "Salience method: grad-l2 (default), grad-input or ig (Integrated Gradients); in a workspace of imported maps, their --name (the default there).")
    var method: String?

    @Option(name: .long, help: "Integrated Gradients: interpolation steps.")
    var steps: Int = 50

    @Option(name: .long, help: "Integrated Gradients: gauss-legendre, trapezoid, riemann-left, riemann-right or riemann-middle.")
    var quadrature: String = "gauss-legendre"

    @Option(name: .long, help: "Integrated Gradients baseline: zero, pad or mask.")
    var baseline: String = "zero"

    /// The specification of these flags (target: the prediction; no normalisation); without
    /// --method, the session's default (Grad-L2, or the imported run in a workspace of imported maps).
    func specification(for session: WorkspaceSession) -> SalienceSpecification {
        specification(defaultMethod: session.defaultSalienceSpecification.method)
    }

    /// The specification of these flags, with `grad-l2` when --method is not given.
    func specification(defaultMethod: String = "grad-l2") -> SalienceSpecification {
        var specification = SalienceSpecification(method: method ?? defaultMethod)
        specification.steps = steps
        specification.quadrature = quadrature
        specification.baseline = baseline
        return specification
    }
}

/// The slice and representation options every analysis takes.
struct SliceOptions: ParsableArguments {
    @Option(name: .long, help: "Which split to analyse: train, dev, test or all.")
    var split: String = "test"

    @Option(name: .long, help: "Filter the slice: pred=C, label=C, correct, wrong, contains=TERM, COLUMN=VALUE; commas mean AND.")
    var `where`: String?

    @Option(name: .long, help: "Representation: vocab, emb, pmi, avg-emb or cls.")
    var representation: String = "vocab"

    @Option(name: .long, help: "Non-zeros kept per salience-vocabulary row: a number or all.")
    var topK: String = "5"

    @Flag(name: .long, help: "Keep [CLS], [SEP] and the other special tokens in the representation.")
    var includeSpecial = false

    /// The split, or nil for all.
    func parsedSplit() throws -> Split? {
        if split == "all" { return nil }
        guard let value = Split(rawValue: split) else {
            throw ValidationError("--split \(split) is unknown; use train, dev, test or all.")
        }
        return value
    }

    /// The parsed `--where` filter.
    func filter() throws -> SliceFilter? { try `where`.map { try SliceFilter(parsing: $0) } }

    /// The parsed `--top-k`.
    func parsedTopK() throws -> Int? {
        if topK == "all" { return nil }
        guard let value = Int(topK), value >= 1 else { throw ValidationError("--top-k \(topK) must be a positive number or all.") }
        return value
    }

    /// The representation options of these flags.
    func representationOptions() throws -> RepresentationOptions {
        guard let kind = RepresentationKind(rawValue: representation) else {
            let known = RepresentationKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--representation \(representation) is unknown; use one of \(known).")
        }
        var options = RepresentationOptions(kind: kind)
        options.topK = try parsedTopK()
        options.excludeSpecial = !includeSpecial
        return options
    }

    /// Refuses a cluster count larger than the slice.
    static func checkClusterCount(_ clusterCount: Int, sliceSize: Int) throws {
        guard clusterCount <= sliceSize else {
            throw CommandError("--k \(clusterCount) is larger than the slice of \(sliceSize) examples; lower --k or widen --where.")
        }
    }

    /// The positions of the slice in `session`.
    func positions(in session: WorkspaceSession) throws -> [Int] {
        try session.positions(split: parsedSplit(), filter: filter(), filterText: `where`)
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
