import Analysis
import Attribution
import Representation
import Workspace

/// The shortcut check run for every representation and salience method: the paper's Table 1.
public struct ComparisonService: Sendable {
    /// The session whose slice is compared.
    public let session: WorkspaceSession

    /// Comparisons over `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// The shortcut check for every representation, and for every salience method where the representation uses one.
    ///
    /// Salience-based rows come first, one per method in `specifications`; then `pmi`, `avg-emb` and `cls`.
    /// Representations that need the network are skipped, with the reason, when the salience was imported.
    /// - Complexity: one k-means run per row (see `ClusterService.cluster`), plus the missing salience maps.
    public func compare(clusterCount: Int, initializationCount: Int, topK: Int?, seed: UInt64, truth: TruthSubset,
                        specifications: [SalienceSpecification], positions: [Int],
                        progress: (String) -> Void = { _ in }) throws(WorkspaceError) -> ComparisonReport {
        var rows: [ComparisonRow] = []
        var mapsByMethod: [[SalienceMap]] = []
        for specification in specifications {
            mapsByMethod.append(try session.maps(specification, positions: positions))
        }
        let representations = RepresentationService(session: session)
        let clustering = ClusterService(session: session)
        var skipped: [SkippedRepresentation] = []
        for kind in RepresentationKind.allCases {
            if let reason = representations.unavailability(of: kind) {
                skipped.append(SkippedRepresentation(representation: kind.rawValue, reason: reason.message))
                continue
            }
            var options = RepresentationOptions(kind: kind)
            options.topK = topK
            let methodIndices = options.usesSalience ? Array(specifications.indices) : [0]
            for index in methodIndices {
                var request = ClusterRequest(clusterCount: clusterCount, representation: options, salience: specifications[index])
                request.initializationCount = initializationCount
                request.seed = seed
                request.truth = truth
                progress("\(kind.rawValue)\(options.usesSalience ? " × \(specifications[index].displayName)" : "")")
                let report = try clustering.cluster(request, positions: positions, maps: mapsByMethod[index])
                let check = report.truth!
                rows.append(ComparisonRow(representation: kind.rawValue, method: options.usesSalience ? specifications[index].displayName : "—",
                                          topK: options.usesSalience || kind == .vocab ? topK : nil,
                                          size: check.size, precision: check.precision, recall: check.recall,
                                          fraction: Double(check.size) / Double(positions.count), truthCount: check.truthCount))
            }
        }
        return ComparisonReport(k: clusterCount, n: positions.count, rows: rows, skipped: skipped)
    }
}
