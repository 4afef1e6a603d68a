import Analysis

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
