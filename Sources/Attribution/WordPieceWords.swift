/// Which token ids continue a word (`##…` word pieces) and which are special (`[CLS]`, `[SEP]`, …),
/// so that word-level methods (occlusion, LIME) treat a word's pieces together and leave special
/// tokens alone.
public struct WordPieceWords: Sendable, Equatable {
    /// Per token id: a continuation piece (`##ing`).
    public let continuation: [Bool]
    /// Per token id: a special token, never a word.
    public let special: [Bool]

    /// Flags by id (`continuation` and `special` of equal length).
    public init(continuation: [Bool], special: [Bool]) {
        precondition(continuation.count == special.count, "\(continuation.count) continuation flags but \(special.count) special flags")
        (self.continuation, self.special) = (continuation, special)
    }

    /// No vocabulary: every token is a word of its own.
    public static let everyTokenAWord = WordPieceWords(continuation: [], special: [])

    /// The words of `sequence` as ranges of token positions, in order: a word is a piece that is not
    /// a continuation, with the continuation pieces that follow it; special tokens belong to no word.
    /// - Complexity: O(sequence length).
    public func words(of sequence: [Int32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for (position, id) in sequence.enumerated() {
            let index = Int(id)
            if index >= 0, index < special.count, special[index] { continue }
            let continues = index >= 0 && index < continuation.count && continuation[index]
            if continues, let last = result.last, last.upperBound == position {
                result[result.count - 1] = last.lowerBound..<(position + 1)
            } else {
                result.append(position..<(position + 1))
            }
        }
        return result
    }
}
