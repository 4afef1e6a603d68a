/// The query of a nearest-neighbour report.
public struct NeighborQuery: Codable, Sendable {
    public var id: String
    public var text: String
    public var label: String
    public var prediction: String
    public var probability: Float
    public var topTerms: [String]
}

/// One neighbour of the query, with the salient terms it shares with it.
public struct NeighborEntry: Codable, Sendable {
    public var id: String
    public var text: String
    public var label: String
    public var prediction: String
    public var similarity: Float
    public var topTerms: [String]
    public var sharedTerms: [String]
}

/// The result of `salience neighbors` (docs/CLI.md), plus what was searched.
public struct NeighborReport: Codable, Sendable {
    public var query: NeighborQuery
    public var neighbors: [NeighborEntry]
    public var representation: String
    public var method: String
    public var poolSize: Int
}
