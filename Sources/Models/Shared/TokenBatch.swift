/// A padded batch of token id sequences, `tokenIDs` of shape `[batchSize, sequenceLength]`
/// row-major, every row filled with `padID` past its length.
public struct TokenBatch: Sendable, Equatable {
    /// Token ids, `[batchSize, sequenceLength]` row-major.
    public var tokenIDs: [Int32]
    /// The unpadded length of every sequence, length `batchSize`.
    public var lengths: [Int]
    /// Number of sequences.
    public var batchSize: Int
    /// Row length of `tokenIDs`: the longest sequence, but at least the minimum length.
    public var sequenceLength: Int

    /// Pads `sequences` with `padID` to `max(longest, minimumLength)` tokens.
    /// - Complexity: O(batchSize × sequenceLength).
    public init(sequences: [[Int32]], padID: Int32, minimumLength: Int = 1) {
        let sequenceLength = max(sequences.lazy.map(\.count).max() ?? 0, minimumLength, 1)
        var tokenIDs = [Int32](repeating: padID, count: sequences.count * sequenceLength)
        tokenIDs.withUnsafeMutableBufferPointer { buffer in
            for (row, sequence) in sequences.enumerated() {
                for (column, token) in sequence.enumerated() { buffer[row * sequenceLength + column] = token }
            }
        }
        self.tokenIDs = tokenIDs
        self.lengths = sequences.map(\.count)
        self.batchSize = sequences.count
        self.sequenceLength = sequenceLength
    }

    /// The unpadded token ids of sequence `index`.
    public func sequence(_ index: Int) -> [Int32] {
        Array(tokenIDs[(index * sequenceLength)..<(index * sequenceLength + lengths[index])])
    }
}
