/// What `MergeService.merge` did: the run merged, how many maps, and into which workspace.
public struct MergeOutcome: Sendable, Codable {
    /// The merged workspace.
    public var workspace: String
    /// Whether the merged workspace was made new (a copy of the first shard's workspace).
    public var created: Bool
    /// The shard count N.
    public var shardCount: Int
    /// The examples of the whole slice, each with one merged map.
    public var exampleCount: Int
    /// Maps per shard, in shard order.
    public var shardExampleCounts: [Int]
    /// The salience method's display name (`grad-l2`, `ig-50`).
    public var method: String
    /// The fingerprint of the model explained.
    public var modelFingerprint: String
}
