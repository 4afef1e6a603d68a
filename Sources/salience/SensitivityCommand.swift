import ArgumentParser
import Probing
import TextData
import Services
import Workspace

struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Measure what the model reacts to: insert seed terms into other-class examples, or mask them in target-class examples (paper Tables 4 and 5).",
        subcommands: [SensitivityInsertCommand.self, SensitivityMaskCommand.self])
}

struct SensitivityInsertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insert",
        abstract: "Insert each seed term at a seeded random position of m test examples not of --class; report the mean change of p(class).")

    @OptionGroup var options: SensitivityOptions

    func run() throws { try options.run(mode: .insert) }
}

struct SensitivityMaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Mask every occurrence of each seed term in test examples of --class; report the mean change of p(class) and the occurrences masked.")

    @OptionGroup var options: SensitivityOptions

    func run() throws { try options.run(mode: .mask) }
}

/// The options both sensitivity experiments take.
struct SensitivityOptions: ParsableArguments {
    @Option(help: "The target class (a label value of the data).")
    var `class`: String

    @Option(help: ArgumentHelp("A seed list: salience, pmi, or a file with one term per line (a line `A + B` inserts A and B at independent positions and masks them where both occur). Repeat for several lists; default salience and pmi.", valueName: "salience|pmi|FILE"))
    var seeds: [String] = []

    @Option(name: .customLong("m"), help: "Insert: test examples per term (all of them when fewer are available).")
    var exampleCount: Int = 1000

    @Option(help: "The split whose examples are changed.")
    var split: Split = .test

    @Flag(name: .customLong("exclude-special"), inversion: .prefixedNo,
          help: "Keep [CLS], [SEP], the other special tokens and punctuation out of the salience and pmi lists (## word pieces are always left out: they cannot stand as words).")
    var excludeSpecial = true

    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions
    @OptionGroup var version: ModelVersionOptions

    func validate() throws {
        guard exampleCount >= 1 else { throw ValidationError("--m \(exampleCount) must be at least 1.") }
    }

    func run(mode: SensitivityMode) throws {
        try Console.run {
            let session = try common.session(modelVersion: version.modelVersion)
            var request = SensitivityRequest(className: `class`, salience: try salience.specification(for: session))
            if !seeds.isEmpty { request.seeds = seeds }
            request.exampleCount = exampleCount
            request.split = split
            request.excludeSpecial = excludeSpecial
            request.seed = common.seed
            let outcome = try SensitivityService(session: session).sensitivity(request, modes: [mode])[0]
            if common.format == .json { for note in outcome.notes { Console.log(note) } }
            common.emit(outcome.report) { Reports.sensitivityTables(outcome.report, notes: outcome.notes) }
        }
    }
}
