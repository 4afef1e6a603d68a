import LinearAlgebra
import Analysis
import Attribution
import Workspace

/// k-means on the representation of a slice, with the top terms and label mix of each cluster
/// and the optional shortcut check.
public struct ClusterService: Sendable {
    /// The session whose examples are clustered.
    public let session: WorkspaceSession

    /// Clustering over `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// k-means on the representation of the slice at `positions`, with cluster summaries and the optional shortcut check.
    /// - Complexity: O(nInit × iterations × n × k × width) for dense rows; sparse rows cost their non-zeros instead of width.
    public func cluster(_ request: ClusterRequest, positions: [Int], maps: [SalienceMap]) throws(WorkspaceError) -> ClusterReport {
        guard request.clusterCount >= 1 else {
            throw WorkspaceError("The cluster count k must be at least 1, got \(request.clusterCount).",
                                 nextStep: .chooseValue(parameter: "k", advice: "at least 1"))
        }
        guard request.clusterCount <= positions.count else {
            throw WorkspaceError("The cluster count k = \(request.clusterCount) is larger than the slice of \(positions.count) examples.",
                                 nextStep: .chooseValue(parameter: "k", advice: "at most \(positions.count), or a wider slice"))
        }
        let representations = RepresentationService(session: session)
        let matrix = try representations.representation(request.representation, positions: positions, maps: maps)
        let kMeans = KMeans(clusterCount: request.clusterCount, initializationCount: request.initializationCount)
        var generator = SplitMix64(seed: request.seed)
        let result: KMeansResult
        switch matrix {
        case .dense(let dense): result = kMeans.fit(dense, generator: &generator)
        case .sparse(let sparse): result = kMeans.fit(sparse, generator: &generator)
        }
        let termExclusions = Set(session.excludedTokenIDs(punctuation: true).map(Int.init))
        let termSource: SparseMatrix
        if case .sparse(let sparse) = matrix {
            termSource = sparse
        } else {
            termSource = representations.salienceVocabulary(maps: maps, topK: request.representation.topK)
        }
        let examples = session.dataset.examples
        var clusters: [ClusterEntry] = []
        for cluster in 0..<request.clusterCount {
            let members = positions.indices.filter { result.assignments[$0] == cluster }
            let terms = ClusterSummary.topColumns(of: termSource, assignments: result.assignments, cluster: cluster,
                                                  count: request.topTermCount, excludedColumns: termExclusions)
            var labelCounts: [String: Int] = [:]
            var predictionCounts: [String: Int] = [:]
            for member in members {
                labelCounts[examples[positions[member]].label, default: 0] += 1
                predictionCounts[session.classes[session.predictions[positions[member]]], default: 0] += 1
            }
            clusters.append(ClusterEntry(
                id: cluster, size: members.count, fraction: Double(members.count) / Double(positions.count),
                topTerms: terms.map { TermWeight(term: session.term($0.column), weight: $0.weight) },
                labelCounts: labelCounts, predictionCounts: predictionCounts,
                exampleIds: members.map { examples[positions[$0]].id }))
        }
        var truth: ShortcutCheckResult?
        if let subset = request.truth {
            let membership = try subset.membership(positions: positions, session: session)
            truth = ShortcutCheck.bestCluster(assignments: result.assignments, clusterCount: request.clusterCount, truth: membership)
        }
        return ClusterReport(k: request.clusterCount, n: positions.count, representation: request.representation.kind.rawValue,
                             method: request.representation.usesSalience ? request.salience.displayName : "none",
                             topK: request.representation.topK, clusters: clusters, truth: truth, inertia: result.inertia)
    }
}
