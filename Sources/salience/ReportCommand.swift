import ArgumentParser
import Probing
import Foundation
import Services

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "One self-contained HTML page: recipe, accuracy, shortcut check, clusters with word clouds, the map, neighbours.")

    @Option(name: .long, help: "The HTML file to write.")
    var out: String = "report.html"

    @Option(name: .long, help: "Number of clusters.")
    var k: Int = 5

    @Option(name: .long, help: "t-SNE perplexity.")
    var perplexity: Double = 30

    @Option(name: .long, help: "Also run the sensitivity experiments (insert and mask, seed lists salience and pmi plus --seeds) for this class and add them to the page.")
    var sensitivityClass: String?

    @Option(name: .long, help: ArgumentHelp("With --sensitivity-class: a further seed list file (repeatable).", valueName: "FILE"))
    var seeds: [String] = []

    @OptionGroup var truthOptions: TruthOptions
    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            let session = try WorkspaceSession(workspace: common.open())
            let positions = try slice.positions(in: session)
            try SliceOptions.checkClusterCount(k, sliceSize: positions.count)
            var settings = ReportPage.Settings(positions: positions, sliceDescription: "\(slice.split)\(slice.where.map { " where \($0)" } ?? "")",
                                               salience: salience.specification(for: session), representation: try slice.representationOptions(),
                                               clusterCount: k, truth: try truthOptions.subset(), perplexity: perplexity, seed: common.seed)
            settings.truthDescription = truthOptions.truthWhere ?? truthOptions.truthRegex.map { "/\($0)/" } ?? ""
            if let sensitivityClass {
                Console.log("report: sensitivity")
                var request = SensitivityRequest(className: sensitivityClass, salience: settings.salience)
                request.seeds = ["salience", "pmi"] + seeds
                request.seed = common.seed
                let outcomes = try SensitivityService(session: session).sensitivity(request, modes: SensitivityMode.allCases)
                for note in outcomes[0].notes { Console.log(note) }
                settings.sensitivity = outcomes.map(\.report)
            }
            let html = try ReportPage.build(session: session, settings: settings) { Console.log("report: \($0)") }
            try Pictures.write(html, to: out)
            if common.format == .json { Console.printJSON(["file": out]) } else { print("Wrote \(out).") }
        }
    }
}
