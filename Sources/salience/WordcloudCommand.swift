import ArgumentParser
import Services
import Workspace

struct WordcloudCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wordcloud", abstract: "One SVG word cloud per k-means cluster of the slice, words weighted by their mean salience.")

    @OptionGroup var clustering: ClusteringOptions<FiveClusters>

    @Option(help: "Folder for cluster-N.svg.")
    var out: String

    @Option(help: "Most words per cloud.")
    var words: Int = 40

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        guard words >= 1 else { throw ValidationError("--words must be at least 1, got \(words).") }
    }

    func run() throws {
        try Console.run {
            let report = try clustering.cluster(analysis.open(), analysis: analysis) { $0.topTermCount = words }
            let paths = try Pictures.writeWordClouds(report, directory: out, seed: analysis.common.seed)
            analysis.common.emit(["files": paths]) { paths.joined(separator: "\n") }
        }
    }
}
