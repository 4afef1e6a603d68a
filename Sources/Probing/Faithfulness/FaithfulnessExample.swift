/// One example as the faithfulness evaluation sees it: its model input, its words and,
/// when the data has one, which words a person marked as the rationale.
public struct FaithfulnessExample: Sendable {
    /// The model's tokens, `[length]`, special tokens included.
    public var tokenIDs: [Int32]
    /// The words of `tokenIDs`.
    public var words: WordUnits
    /// Whether each word belongs to the rationale, `[words.count]`; nil when there is none.
    public var rationale: [Bool]?

    /// An example.
    public init(tokenIDs: [Int32], words: WordUnits, rationale: [Bool]? = nil) {
        precondition(rationale == nil || rationale!.count == words.count, "\(rationale!.count) rationale flags for \(words.count) words")
        self.tokenIDs = tokenIDs
        self.words = words
        self.rationale = rationale
    }

    /// `tokenIDs` with the words in `removed` deleted (`.remove`) or masked (`.mask`); `removed` as word flags `[words.count]`.
    /// - Complexity: O(length).
    public func perturbing(removed: [Bool], perturbation: Perturbation, maskID: Int32) -> [Int32] {
        var drop = [Bool](repeating: false, count: tokenIDs.count)
        for (word, isRemoved) in removed.enumerated() where isRemoved {
            for position in words.pieces[word] { drop[position] = true }
        }
        switch perturbation {
        case .remove:
            var result: [Int32] = []
            result.reserveCapacity(tokenIDs.count)
            for (position, id) in tokenIDs.enumerated() where !drop[position] { result.append(id) }
            return result
        case .mask:
            var result = tokenIDs
            for position in result.indices where drop[position] { result[position] = maskID }
            return result
        }
    }

    /// `tokenIDs` with each word in `replacements` (word index → token id) replaced by that single token.
    /// - Complexity: O(length).
    public func replacing(_ replacements: [Int: Int32]) -> [Int32] {
        var replacementAt: [Int: Int32] = [:]
        var skipped = Set<Int>()
        for (word, id) in replacements {
            let positions = words.pieces[word]
            replacementAt[positions[0]] = id
            for position in positions.dropFirst() { skipped.insert(position) }
        }
        var result: [Int32] = []
        result.reserveCapacity(tokenIDs.count)
        for (position, id) in tokenIDs.enumerated() where !skipped.contains(position) {
            result.append(replacementAt[position] ?? id)
        }
        return result
    }
}
