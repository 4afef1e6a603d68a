import ArgumentParser
import Services
import Workspace

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map", abstract: "A t-SNE map of the slice's salience representation, as an SVG scatter plot or JSON coordinates.")

    @Option(help: "Colour points by cluster, label, prediction, or regex:RE (highlight texts that match).")
    var colorBy: PointColoring = .label

    @Option(help: "Clusters for --color-by cluster.")
    var k: Int = 5

    @Option(help: "t-SNE perplexity.")
    var perplexity: Double = 30

    @Option(help: "Write the scatter plot here (SVG).")
    var out: String?

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        _ = try colorBy.expression()
        guard k >= 1 else { throw ValidationError("--k must be at least 1, got \(k).") }
        guard perplexity > 0 else { throw ValidationError("--perplexity must be positive, got \(perplexity).") }
    }

    func run() throws {
        try Console.run {
            let input = try analysis.open()
            let maps = try input.maps()
            let clusterCount = colorBy == .cluster ? k : nil
            if let clusterCount { try input.checkClusterCount(clusterCount) }
            let bar = ProgressBar("t-SNE")
            bar.update(0, of: 1)
            let report = try TSNEMapService(session: input.session).map(positions: input.positions, maps: maps, representation: analysis.representation.options,
                                               salience: input.specification, perplexity: perplexity, seed: analysis.common.seed,
                                               clusterCount: clusterCount)
            bar.update(1, of: 1)
            bar.finish()
            if let out {
                let svg = try Pictures.scatter(report, coloring: colorBy, session: input.session, positions: input.positions,
                                               title: "t-SNE of the \(report.representation) representation (\(report.method)), \(input.positions.count) examples of \(analysis.slice.description)")
                try OutputFile.write(svg, to: out)
            }
            analysis.common.emit(report) {
                "t-SNE of \(report.points.count) examples (perplexity \(fixed(perplexity, 0)), KL divergence \(fixed(report.klDivergence, 3)))\(out.map { "; wrote \($0)" } ?? "; pass --out map.svg for the picture")."
            }
        }
    }
}
