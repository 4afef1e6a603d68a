import ArgumentParser
import Services
import Workspace

/// The default `--k` of a command that clusters.
protocol ClusterCountDefault {
    static var clusterCount: Int { get }
}

/// `--k` 5 unless given (cluster, wordcloud, report).
enum FiveClusters: ClusterCountDefault { static let clusterCount = 5 }

/// `--k` 3 unless given (compare, as in the paper's shortcut check).
enum ThreeClusters: ClusterCountDefault { static let clusterCount = 3 }

/// `--k` and `--n-init`, the k-means settings of every command that clusters.
struct ClusteringOptions<Default: ClusterCountDefault>: ParsableArguments {
    @Option(help: "Number of clusters.")
    var k: Int = Default.clusterCount

    @Option(help: "k-means restarts; the lowest inertia wins.")
    var nInit: Int = 10

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1, got \(k).") }
        guard nInit >= 1 else { throw ValidationError("--n-init must be at least 1, got \(nInit).") }
    }

    /// k-means with these flags over the slice of `input`, in the representation and with the
    /// seed of `analysis`; `adjust` adds what else the command asks for (truth subset, top terms).
    func cluster(_ input: AnalysisInput, analysis: AnalysisOptions,
                 adjust: (inout ClusterRequest) throws -> Void) throws -> ClusterReport {
        try input.checkClusterCount(k)
        var request = ClusterRequest(clusterCount: k, representation: analysis.representation.options, salience: input.specification)
        request.initializationCount = nInit
        request.seed = analysis.common.seed
        try adjust(&request)
        return try ClusterService(session: input.session).cluster(request, positions: input.positions, maps: input.maps())
    }
}
