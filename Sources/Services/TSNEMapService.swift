import Analysis
import Attribution
import LinearAlgebra
import Representation
import Workspace

/// Two-dimensional t-SNE maps of a slice's representation, optionally with k-means clusters.
public struct TSNEMapService: Sendable {
    /// The session whose examples are mapped.
    public let session: WorkspaceSession

    /// Maps over `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// A seeded t-SNE map of the slice's representation (docs/METHOD.md §6.5), with k-means clusters when `clusterCount` is given.
    /// - Complexity: O(N log N) per iteration for large N (exact O(N²) for small N), 750 iterations.
    public func map(positions: [Int], maps: [SalienceMap], representation options: RepresentationOptions, salience: SalienceSpecification,
                    perplexity: Double, seed: UInt64, clusterCount: Int?) throws(WorkspaceError) -> MapReport {
        let matrix = try RepresentationService(session: session).representation(options, positions: positions, maps: maps)
        var generator = SplitMix64(seed: seed)
        let tsne = TSNE(perplexity: perplexity)
        let result: TSNEResult
        do {
            switch matrix {
            case .dense(let dense): result = try tsne.embed(dense, generator: &generator)
            case .sparse(let sparse): result = try tsne.embed(sparse, generator: &generator)
            }
        } catch {
            throw WorkspaceError(error.message, nextStep: error.nextStep)
        }
        let examples = session.dataset.examples
        var assignments: [Int]?
        if let clusterCount {
            var request = ClusterRequest(clusterCount: clusterCount, representation: options, salience: salience)
            request.seed = seed
            let report = try ClusterService(session: session).cluster(request, positions: positions, maps: maps)
            var byID: [String: Int] = [:]
            for cluster in report.clusters { for id in cluster.exampleIds { byID[id] = cluster.id } }
            assignments = positions.map { byID[examples[$0].id]! }
        }
        let points = positions.enumerated().map { row, position in
            MapPoint(id: examples[position].id, x: result.coordinates[row, 0], y: result.coordinates[row, 1],
                     label: examples[position].label, prediction: session.classes[session.predictions[position]], cluster: assignments?[row])
        }
        return MapReport(points: points, representation: options.kind.rawValue, method: options.usesSalience ? salience.method : "none",
                         perplexity: perplexity, klDivergence: result.klDivergence)
    }
}
