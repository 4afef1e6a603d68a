import Attribution

/// What a shard workspace records of its shard: which shard of which slice, for which salience run.
public struct ShardRecord: Sendable, Equatable {
    /// The shard (`i/N`).
    public var shard: AttributionShard
    /// The recipe of the salience run the shard belongs to (method, target, model fingerprint).
    public var recipe: SalienceRecipe
    /// Dataset positions of the whole slice that was cut into shards, ascending.
    public var slicePositions: [Int]
    /// A digest of the whole slice's example ids, equal for every shard of one slice.
    public var sliceDigest: String
    /// Dataset positions of this shard's examples, in the order they were attributed (batch by batch).
    public var positions: [Int]

    /// How many examples of the slice fall in this shard.
    public var positionCount: Int { positions.count }
}
