import Analysis
import Attribution
import Representation

/// One row of the paper's Table 1: how well the best cluster of one representation recovers the truth subset.
public struct ComparisonRow: Codable, Sendable {
    public var representation: String
    public var method: String
    public var topK: Int?
    public var size: Int
    public var precision: Double
    public var recall: Double
    public var fraction: Double
    public var truthCount: Int
}

/// A representation `salience compare` left out, and why (it needs the network; the maps were imported).
public struct SkippedRepresentation: Codable, Sendable {
    public var representation: String
    public var reason: String
}

/// The result of `salience compare`.
public struct ComparisonReport: Codable, Sendable {
    public var k: Int
    public var n: Int
    public var rows: [ComparisonRow]
    /// Representations not computed in this workspace (empty unless the salience was imported).
    public var skipped: [SkippedRepresentation] = []
}

extension WorkspaceSession {
    /// The shortcut check for every representation, and for every salience method where the representation uses one.
    ///
    /// Salience-based rows come first, one per method in `specifications`; then `pmi`, `avg-emb` and `cls`.
    /// Representations that need the network are skipped, with the reason, when the salience was imported.
    public func compare(clusterCount: Int, initializationCount: Int, topK: Int?, seed: UInt64, truth: TruthSubset,
                        specifications: [SalienceSpecification], positions: [Int],
                        progress: (String) -> Void = { _ in }) throws(WorkspaceError) -> ComparisonReport {
        var rows: [ComparisonRow] = []
        var mapsByMethod: [[SalienceMap]] = []
        for specification in specifications {
            mapsByMethod.append(try maps(specification, positions: positions))
        }
        var skipped: [SkippedRepresentation] = []
        for kind in RepresentationKind.allCases {
            if let reason = unavailability(of: kind) {
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
                let report = try cluster(request, positions: positions, maps: mapsByMethod[index])
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
