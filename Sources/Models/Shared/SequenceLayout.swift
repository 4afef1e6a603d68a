/// Where each sequence of a batch lives among the rows of an embedded matrix.
///
/// Sequence `b` starts at row `offsets[b]` and has `lengths[b]` real rows; whatever follows
/// (padding in a `TokenBatch` layout) is never read, so it acts as zero vectors.
struct SequenceLayout: Sendable {
    /// First row of every sequence.
    var offsets: [Int]
    /// Unpadded length of every sequence.
    var lengths: [Int]
    /// Total number of rows.
    var rowCount: Int

    var batchSize: Int { lengths.count }

    /// The layout of a padded `TokenBatch`: sequence `b` starts at row `b * sequenceLength`.
    init(batch: TokenBatch) {
        offsets = (0..<batch.batchSize).map { $0 * batch.sequenceLength }
        lengths = batch.lengths
        rowCount = batch.batchSize * batch.sequenceLength
    }

    /// A packed layout: the sequences' rows back to back, no padding.
    init(packedLengths lengths: [Int]) {
        var offsets: [Int] = []
        offsets.reserveCapacity(lengths.count)
        var row = 0
        for length in lengths {
            offsets.append(row)
            row += length
        }
        self.offsets = offsets
        self.lengths = lengths
        self.rowCount = row
    }
}
