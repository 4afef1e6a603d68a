/// The words of a model input: each word the positions of its pieces (a first piece and the
/// `##` pieces that continue it); special tokens (`[CLS]`, `[SEP]`, `[PAD]`) belong to no word
/// and are never removed, masked or replaced.
public struct WordUnits: Sendable, Equatable {
    /// Piece positions of each word, in text order.
    public var pieces: [[Int]]

    /// Words of `tokenIDs`, `[length]`.
    /// - Complexity: O(length).
    public init(tokenIDs: [Int32], isSpecial: (Int32) -> Bool, isContinuation: (Int32) -> Bool) {
        var words: [[Int]] = []
        for (position, id) in tokenIDs.enumerated() where !isSpecial(id) {
            if isContinuation(id), !words.isEmpty, let last = words[words.count - 1].last, last == position - 1 {
                words[words.count - 1].append(position)
            } else {
                words.append([position])
            }
        }
        pieces = words
    }

    /// Words given directly.
    public init(pieces: [[Int]]) { self.pieces = pieces }

    /// Number of words.
    public var count: Int { pieces.count }

    /// One score per word: the sum of its pieces' scores, `[count]`.
    /// - Complexity: O(length).
    public func wordScores(_ tokenScores: [Float]) -> [Double] {
        pieces.map { $0.reduce(0.0) { $0 + Double(tokenScores[$1]) } }
    }

    /// Word indices from the highest score to the lowest; ties go to the earlier word.
    /// - Complexity: O(count log count).
    /// A score that is not finite (NaN) ranks last.
    public static func ranking(_ scores: [Double]) -> [Int] {
        let keys = scores.map { $0.isNaN ? -Double.infinity : $0 }
        return keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }
    }
}
