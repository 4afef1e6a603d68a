import ArgumentParser
import Services

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The shortcut check for every representation and salience method (the paper's Table 1).")

    @Option(name: .long, help: "Number of clusters.")
    var k: Int = 3

    @Option(name: .long, help: "k-means restarts; the lowest inertia wins.")
    var nInit: Int = 10

    @OptionGroup var truthOptions: TruthOptions
    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            guard let truth = try truthOptions.subset() else {
                throw CommandError("compare needs the ground truth: give --truth-regex RE or --truth-where EXPR.")
            }
            let session = try WorkspaceSession(workspace: common.open())
            let positions = try slice.positions(in: session)
            try SliceOptions.checkClusterCount(k, sliceSize: positions.count)
            let report = try Reports.comparison(session: session, positions: positions, k: k, nInit: nInit,
                                                topK: slice.parsedTopK(), seed: common.seed, truth: truth, requested: salience.specification(for: session))
            if common.format == .json { Console.printJSON(report) } else { print(Reports.comparisonTable(report, slice: slice)) }
        }
    }
}
