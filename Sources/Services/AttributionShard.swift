import Workspace

/// One of `count` disjoint parts of a slice (`attribute --shard index/count`), chosen by a
/// stable hash of each example id, so a shard holds the same examples whatever order the
/// shards run in and on whichever machine.
public struct AttributionShard: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The shard number, from 1 to `count`.
    public let index: Int
    /// How many shards the slice is cut into.
    public let count: Int

    /// The shard `index` of `count`; a programmer error unless 1 ≤ index ≤ count.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "A shard index runs from 1 to the shard count, got \(index)/\(count)")
        self.index = index
        self.count = count
    }

    /// Parses `i/N` as the user wrote it; the error names the value and the valid range.
    public init(parsing text: String) throws(WorkspaceError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw WorkspaceError("The shard \(text) is not of the form i/N (such as 2/4).",
                                 nextStep: .chooseValue(parameter: "shard", advice: "i/N with 1 ≤ i ≤ N, such as 2/4"))
        }
        guard count >= 1 else {
            throw WorkspaceError("The shard \(text) cuts the slice into \(count) shards; the shard count N must be at least 1.",
                                 nextStep: .chooseValue(parameter: "shard", advice: "i/N with N ≥ 1, such as 1/4"))
        }
        guard (1...count).contains(index) else {
            throw WorkspaceError("The shard \(text) does not exist: with \(count) shards the shard number runs from 1 to \(count).",
                                 nextStep: .chooseValue(parameter: "shard", advice: "i/\(count) with 1 ≤ i ≤ \(count)"))
        }
        self.init(index: index, count: count)
    }

    /// `2/4`.
    public var description: String { "\(index)/\(count)" }

    /// The shard number (1…count) of the example with id `id`: FNV-1a of the id's UTF-8 bytes,
    /// mixed by the SplitMix64 finaliser, modulo `count`.
    /// - Complexity: O(id length).
    public static func number(ofID id: String, count: Int) -> Int {
        precondition(count >= 1, "The shard count must be positive, got \(count)")
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01B3
        }
        state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
        state ^= state >> 31
        return Int(state % UInt64(count)) + 1
    }

    /// Whether the example with id `id` belongs to this shard.
    public func contains(id: String) -> Bool { Self.number(ofID: id, count: count) == index }
}
