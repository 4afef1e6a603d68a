import ArgumentParser
import Services
import Workspace

struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "k-means on the salience representation of a slice, with top terms and label mix per cluster.")

    @OptionGroup var clustering: ClusteringOptions<FiveClusters>

    @Option(help: "Also write one SVG word cloud per cluster into this folder.")
    var wordclouds: String?

    @OptionGroup var truth: TruthOptions
    @OptionGroup var analysis: AnalysisOptions

    func run() throws {
        try Console.run {
            let input = try analysis.open()
            var report = try clustering.cluster(input, analysis: analysis) { request in
                request.truth = try truth.subset()
                if wordclouds != nil { request.topTermCount = 40 }
            }
            if let wordclouds {
                let paths = try Pictures.writeWordClouds(report, directory: wordclouds, seed: analysis.common.seed)
                Console.log("Word clouds: \(paths.joined(separator: ", "))")
                report = report.keepingTopTerms(5)
            }
            analysis.common.emit(report) { Reports.clusterTable(report, session: input.session, slice: analysis.slice) }
        }
    }
}
