import ArgumentParser
import Foundation
import Workspace

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "One self-contained HTML page: recipe, accuracy, shortcut check, clusters with word clouds, the map, neighbours.")

    @Option(name: .long, help: "The HTML file to write.")
    var out: String = "report.html"

    @Option(name: .long, help: "Number of clusters.")
    var k: Int = 5

    @Option(name: .long, help: "t-SNE perplexity.")
    var perplexity: Double = 30

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
            let html = try ReportPage.build(session: session, settings: settings) { Console.log("report: \($0)") }
            try Pictures.write(html, to: out)
            if common.format == .json { Console.printJSON(["file": out]) } else { print("Wrote \(out).") }
        }
    }
}
