import Analysis
import Attribution
import LinearAlgebra
import Representation

/// One example on the t-SNE map.
public struct MapPoint: Codable, Sendable {
    public var id: String
    public var x: Float
    public var y: Float
    public var label: String
    public var prediction: String
    public var cluster: Int?
}

/// The result of `salience map --format json` (docs/CLI.md), plus the run's settings.
public struct MapReport: Codable, Sendable {
    public var points: [MapPoint]
    public var representation: String
    public var method: String
    public var perplexity: Double
    public var klDivergence: Double
}

extension WorkspaceSession {
    /// A seeded t-SNE map of the slice's representation (docs/METHOD.md §6.5), with k-means clusters when `clusterCount` is given.
    /// - Complexity: O(N log N) per iteration for large N (exact O(N²) for small N), 1000 iterations.
    public func map(positions: [Int], maps: [SalienceMap], representation options: RepresentationOptions, salience: SalienceSpecification,
                    perplexity: Double, seed: UInt64, clusterCount: Int?) throws(WorkspaceError) -> MapReport {
        let matrix = try representation(options, positions: positions, maps: maps)
        var generator = SplitMix64(seed: seed)
        let tsne = TSNE(perplexity: perplexity)
        let result: TSNEResult
        do {
            switch matrix {
            case .dense(let dense): result = try tsne.embed(dense, generator: &generator)
            case .sparse(let sparse): result = try tsne.embed(sparse, generator: &generator)
            }
        } catch {
            throw WorkspaceError(error.message)
        }
        var assignments: [Int]?
        if let clusterCount {
            var request = ClusterRequest(clusterCount: clusterCount, representation: options, salience: salience)
            request.seed = seed
            let report = try cluster(request, positions: positions, maps: maps)
            var byID: [String: Int] = [:]
            for cluster in report.clusters { for id in cluster.exampleIds { byID[id] = cluster.id } }
            assignments = positions.map { byID[dataset.examples[$0].id]! }
        }
        let points = positions.enumerated().map { row, position in
            MapPoint(id: dataset.examples[position].id, x: result.coordinates[row, 0], y: result.coordinates[row, 1],
                     label: dataset.examples[position].label, prediction: classes[predictions[position]], cluster: assignments?[row])
        }
        return MapReport(points: points, representation: options.kind.rawValue, method: options.usesSalience ? salience.method : "none",
                         perplexity: perplexity, klDivergence: result.klDivergence)
    }
}
