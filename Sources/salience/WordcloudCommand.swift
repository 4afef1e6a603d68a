import ArgumentParser
import Foundation
import Services

struct WordcloudCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wordcloud", abstract: "One SVG word cloud per k-means cluster of the slice, words weighted by their mean salience.")

    @Option(name: .long, help: "Number of clusters.")
    var k: Int = 5

    @Option(name: .long, help: "k-means restarts.")
    var nInit: Int = 10

    @Option(name: .long, help: "Folder for cluster-N.svg.")
    var out: String

    @Option(name: .long, help: "Most words per cloud.")
    var words: Int = 40

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            let session = try WorkspaceSession(workspace: common.open())
            let positions = try slice.positions(in: session)
            try SliceOptions.checkClusterCount(k, sliceSize: positions.count)
            var request = ClusterRequest(clusterCount: k, representation: try slice.representationOptions(),
                                         salience: salience.specification(for: session))
            request.initializationCount = nInit
            request.seed = common.seed
            request.topTermCount = words
            let report = try ClusterService(session: session).cluster(request, positions: positions, maps: session.maps(request.salience, positions: positions))
            let paths = try Pictures.writeWordClouds(report, directory: out, seed: common.seed)
            if common.format == .json { Console.printJSON(["files": paths]); return }
            for path in paths { print(path) }
        }
    }
}
