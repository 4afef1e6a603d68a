import Foundation
import LinearAlgebra
import Analysis
import Attribution
import Representation
import TextData

/// The ground-truth subset of a shortcut check: a regular expression over the text or a `--where` expression.
public enum TruthSubset: Sendable {
    /// Examples whose text matches the pattern.
    case regex(String)
    /// Examples that pass the filter (e.g. `shortcut=rule0`).
    case filter(SliceFilter, expression: String)

    /// Membership of each example at `positions`.
    func membership(positions: [Int], session: WorkspaceSession) throws(WorkspaceError) -> [Bool] {
        switch self {
        case .regex(let pattern):
            let expression: NSRegularExpression
            do { expression = try NSRegularExpression(pattern: pattern) } catch {
                throw WorkspaceError("--truth-regex \(pattern) is not a valid regular expression; check its brackets and escapes.")
            }
            return positions.map { position in
                let text = session.dataset.examples[position].text
                return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
        case .filter(let filter, let text):
            do { try filter.validate(columns: session.dataset.metadataColumns) } catch {
                throw WorkspaceError("--truth-where \(text): \(error.message)")
            }
            return positions.map { position in
                filter.matches(session.dataset.examples[position], prediction: session.classes[session.predictions[position]])
            }
        }
    }
}

/// A term and its weight in a cluster.
public struct TermWeight: Codable, Sendable, Equatable {
    public var term: String
    public var weight: Float
}

/// One cluster of a k-means run on a slice.
public struct ClusterEntry: Codable, Sendable {
    public var id: Int
    public var size: Int
    public var fraction: Double
    public var topTerms: [TermWeight]
    public var labelCounts: [String: Int]
    public var predictionCounts: [String: Int]
    public var exampleIds: [String]
}

/// The result of `salience cluster`, in the JSON layout of docs/CLI.md.
public struct ClusterReport: Codable, Sendable {
    public var k: Int
    public var n: Int
    public var representation: String
    public var method: String
    public var topK: Int?
    public var clusters: [ClusterEntry]
    public var truth: ShortcutCheckResult?
    public var inertia: Double

    /// The same report with at most `count` top terms per cluster (e.g. 5 for a table after 40 for word clouds).
    public func keepingTopTerms(_ count: Int) -> ClusterReport {
        var copy = self
        for index in copy.clusters.indices { copy.clusters[index].topTerms = Array(copy.clusters[index].topTerms.prefix(count)) }
        return copy
    }
}

/// What to cluster and how.
public struct ClusterRequest: Sendable {
    public var clusterCount: Int
    public var initializationCount: Int = 10
    public var representation: RepresentationOptions
    public var salience: SalienceSpecification
    public var seed: UInt64 = 0
    public var truth: TruthSubset?
    public var topTermCount: Int = 5

    public init(clusterCount: Int, representation: RepresentationOptions, salience: SalienceSpecification) {
        self.clusterCount = clusterCount
        self.representation = representation
        self.salience = salience
    }
}

extension WorkspaceSession {
    /// k-means on the representation of the slice at `positions`, with cluster summaries and the optional shortcut check.
    /// - Complexity: O(nInit × iterations × n × k × width) for dense rows; sparse rows cost their non-zeros instead of width.
    public func cluster(_ request: ClusterRequest, positions: [Int], maps: [SalienceMap]) throws(WorkspaceError) -> ClusterReport {
        guard request.clusterCount >= 1 else { throw WorkspaceError("--k must be at least 1, got \(request.clusterCount).") }
        guard request.clusterCount <= positions.count else {
            throw WorkspaceError("--k \(request.clusterCount) is larger than the slice of \(positions.count) examples; lower --k or widen --where.")
        }
        let matrix = try representation(request.representation, positions: positions, maps: maps)
        let kMeans = KMeans(clusterCount: request.clusterCount, initializationCount: request.initializationCount)
        var generator = SplitMix64(seed: request.seed)
        let result: KMeansResult
        switch matrix {
        case .dense(let dense): result = kMeans.fit(dense, generator: &generator)
        case .sparse(let sparse): result = kMeans.fit(sparse, generator: &generator)
        }
        let termExclusions = Set(excludedTokenIDs(punctuation: true).map(Int.init))
        let termSource: SparseMatrix
        if case .sparse(let sparse) = matrix { termSource = sparse } else { termSource = salienceVocabulary(maps: maps, topK: request.representation.topK) }
        var clusters: [ClusterEntry] = []
        for cluster in 0..<request.clusterCount {
            let members = positions.indices.filter { result.assignments[$0] == cluster }
            let terms = ClusterSummary.topColumns(of: termSource, assignments: result.assignments, cluster: cluster,
                                                  count: request.topTermCount, excludedColumns: termExclusions)
            var labelCounts: [String: Int] = [:]
            var predictionCounts: [String: Int] = [:]
            for member in members {
                labelCounts[dataset.examples[positions[member]].label, default: 0] += 1
                predictionCounts[classes[predictions[positions[member]]], default: 0] += 1
            }
            clusters.append(ClusterEntry(
                id: cluster, size: members.count, fraction: Double(members.count) / Double(positions.count),
                topTerms: terms.map { TermWeight(term: term($0.column), weight: $0.weight) },
                labelCounts: labelCounts, predictionCounts: predictionCounts,
                exampleIds: members.map { dataset.examples[positions[$0]].id }))
        }
        var truth: ShortcutCheckResult?
        if let subset = request.truth {
            let membership = try subset.membership(positions: positions, session: self)
            truth = ShortcutCheck.bestCluster(assignments: result.assignments, clusterCount: request.clusterCount, truth: membership)
        }
        return ClusterReport(k: request.clusterCount, n: positions.count, representation: request.representation.kind.rawValue,
                             method: request.representation.usesSalience ? request.salience.displayName : "none",
                             topK: request.representation.topK, clusters: clusters, truth: truth, inertia: result.inertia)
    }
}
