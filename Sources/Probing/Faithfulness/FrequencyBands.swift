import LinearAlgebra

/// Whole-word vocabulary entries grouped into bands of equal size by how often they occur in the
/// training examples, for the attack's random replacement (`--replace random`): a word is
/// replaced by a seeded word of its own band, so rare words stay rare and common ones common.
public struct FrequencyBands: Sendable {
    /// The candidate token ids of each band, from the rarest band to the most common.
    public let members: [[Int32]]
    /// The band of each token id, `[vocabularySize]`; 0 (the rarest) for ids that are no candidate.
    public let bandOf: [Int]

    /// Bands of the token ids with `counts[id] > 0` that are `eligible` (whole words, not
    /// special tokens or punctuation), `bandCount` bands by count rank (ties by id).
    /// - Complexity: O(|V| log |V|).
    public init(counts: [Int], eligible: (Int32) -> Bool, bandCount: Int = 10) {
        precondition(bandCount >= 1, "bandCount \(bandCount) must be at least 1")
        let candidates = counts.indices.filter { counts[$0] > 0 && eligible(Int32($0)) }
            .sorted { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 < $1 }
        var members = [[Int32]](repeating: [], count: bandCount)
        var bandOf = [Int](repeating: 0, count: counts.count)
        for (rank, id) in candidates.enumerated() {
            let band = rank * bandCount / max(candidates.count, 1)
            members[band].append(Int32(id))
            bandOf[id] = band
        }
        self.members = members
        self.bandOf = bandOf
    }

    /// A token of the band of `tokenID` other than `tokenID`, chosen by `draw` in [0, 1); nil when the band has no other member.
    /// - Complexity: O(1).
    public func replacement(for tokenID: Int32, draw: Double) -> Int32? {
        let band = Int(tokenID) < bandOf.count ? bandOf[Int(tokenID)] : 0
        let others = members[band]
        guard !others.isEmpty, !(others.count == 1 && others[0] == tokenID) else { return nil }
        var index = min(Int(draw * Double(others.count)), others.count - 1)
        if others[index] == tokenID { index = (index + 1) % others.count }
        return others[index]
    }
}
