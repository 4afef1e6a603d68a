import ArgumentParser
import TextData
import Services

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "k-means on the salience representation of a slice, with top terms and label mix per cluster.")

    @Option(name: .long, help: "Number of clusters.")
    var k: Int = 5

    @Option(name: .long, help: "k-means restarts; the lowest inertia wins.")
    var nInit: Int = 10

    @Option(name: .long, help: "Also write one SVG word cloud per cluster into this folder.")
    var wordclouds: String?

    @OptionGroup var truthOptions: TruthOptions
    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            guard nInit >= 1 else { throw CommandError("--n-init must be at least 1, got \(nInit).") }
            let session = try WorkspaceSession(workspace: common.open())
            let positions = try slice.positions(in: session)
            let specification = salience.specification(for: session)
            var request = ClusterRequest(clusterCount: k, representation: try slice.representationOptions(), salience: specification)
            request.initializationCount = nInit
            request.seed = common.seed
            request.truth = try truthOptions.subset()
            try SliceOptions.checkClusterCount(k, sliceSize: positions.count)
            let maps = try session.maps(specification, positions: positions)
            if wordclouds != nil { request.topTermCount = 40 }
            var report = try ClusterService(session: session).cluster(request, positions: positions, maps: maps)
            if let wordclouds {
                let paths = try Pictures.writeWordClouds(report, directory: wordclouds, seed: common.seed)
                Console.log("Word clouds: \(paths.joined(separator: ", "))")
                report = report.keepingTopTerms(5)
            }
            if common.format == .json { Console.printJSON(report) } else { print(Reports.clusterTable(report, session: session, slice: slice)) }
        }
    }
}

/// `--truth-regex` / `--truth-where`.
struct TruthOptions: ParsableArguments {
    @Option(name: .long, help: "Ground truth: examples whose text matches this regular expression.")
    var truthRegex: String?

    @Option(name: .long, help: "Ground truth: examples that pass this --where expression (e.g. shortcut=rule0).")
    var truthWhere: String?

    func subset() throws -> TruthSubset? {
        switch (truthRegex, truthWhere) {
        case (nil, nil): return nil
        case (let regex?, nil): return .regex(regex)
        case (nil, let expression?): return .filter(try SliceFilter(parsing: expression), expression: expression)
        default: throw CommandError("Give at most one of --truth-regex and --truth-where.")
        }
    }
}
