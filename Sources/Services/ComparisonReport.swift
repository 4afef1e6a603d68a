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

/// A representation the comparison left out, and why (it needs the network; the maps were imported).
public struct SkippedRepresentation: Codable, Sendable {
    public var representation: String
    public var reason: String
}

/// The shortcut check for every representation and salience method (`salience compare`).
public struct ComparisonReport: Codable, Sendable {
    public var k: Int
    public var n: Int
    public var rows: [ComparisonRow]
    /// Representations not computed in this workspace (empty unless the salience was imported).
    public var skipped: [SkippedRepresentation] = []
}
