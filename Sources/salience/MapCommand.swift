import ArgumentParser
import Foundation
import Rendering
import Services

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map", abstract: "A t-SNE map of the slice's salience representation, as an SVG scatter plot or JSON coordinates.")

    @Option(name: .long, help: "Colour points by cluster, label, prediction, or regex:RE (highlight texts that match).")
    var colorBy: String = "label"

    @Option(name: .long, help: "Clusters for --color-by cluster.")
    var k: Int = 5

    @Option(name: .long, help: "t-SNE perplexity.")
    var perplexity: Double = 30

    @Option(name: .long, help: "Write the scatter plot here (SVG).")
    var out: String?

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            let coloring = try Pictures.Coloring(parsing: colorBy)
            guard perplexity > 0 else { throw CommandError("--perplexity must be positive, got \(perplexity).") }
            let session = try WorkspaceSession(workspace: common.open())
            let positions = try slice.positions(in: session)
            let specification = salience.specification(for: session)
            let maps = try session.maps(specification, positions: positions)
            if case .cluster = coloring { try SliceOptions.checkClusterCount(k, sliceSize: positions.count) }
            let bar = ProgressBar("t-SNE")
            bar.update(0, of: 1)
            let report = try TSNEMapService(session: session).map(positions: positions, maps: maps, representation: slice.representationOptions(), salience: specification,
                                         perplexity: perplexity, seed: common.seed, clusterCount: { if case .cluster = coloring { return k } else { return nil } }())
            bar.update(1, of: 1)
            bar.finish()
            if let out {
                let svg = try Pictures.scatter(report, coloring: coloring, session: session, positions: positions,
                                               title: "t-SNE of the \(report.representation) representation (\(report.method)), \(positions.count) examples of \(slice.split)\(slice.where.map { " where \($0)" } ?? "")")
                try Pictures.write(svg, to: out)
            }
            if common.format == .json { Console.printJSON(report); return }
            print("t-SNE of \(report.points.count) examples (perplexity \(fixed(perplexity, 0)), KL divergence \(fixed(report.klDivergence, 3)))\(out.map { "; wrote \($0)" } ?? "; pass --out map.svg for the picture").")
        }
    }
}
