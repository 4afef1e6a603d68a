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
