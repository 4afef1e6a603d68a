import ArgumentParser
import Representation
import Services
import Workspace

/// `--representation`, `--top-k` and `--include-special`: how each salience map becomes a row.
struct RepresentationArguments: ParsableArguments {
    @Option(help: "Representation of each example.")
    var representation: RepresentationKind = .vocab

    @Option(help: ArgumentHelp("Non-zeros kept per salience-vocabulary row: a positive number or all.", valueName: "n|all"))
    var topK: TopK = .count(5)

    @Flag(help: "Keep [CLS], [SEP] and the other special tokens in the representation.")
    var includeSpecial = false

    /// The representation options of these flags.
    var options: RepresentationOptions {
        var options = RepresentationOptions(kind: representation)
        options.topK = topK.limit
        options.excludeSpecial = !includeSpecial
        return options
    }
}
