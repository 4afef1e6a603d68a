import Models

extension TokenBatch {
    /// The sequences at `indices` (repeats allowed), in that order, keeping this batch's
    /// `sequenceLength` so their embedded rows line up with this batch's.
    /// - Complexity: O(indices.count × sequenceLength).
    func selecting(_ indices: [Int]) -> TokenBatch {
        var result = self
        let sequenceLength = self.sequenceLength
        result.tokenIDs = [Int32](unsafeUninitializedCapacity: indices.count * sequenceLength) { buffer, initialized in
            tokenIDs.withUnsafeBufferPointer { source in
                for (slot, index) in indices.enumerated() {
                    precondition(index >= 0 && index < batchSize, "Sequence \(index) outside the batch 0..<\(batchSize)")
                    (buffer.baseAddress! + slot * sequenceLength).initialize(from: source.baseAddress! + index * sequenceLength, count: sequenceLength)
                }
            }
            initialized = indices.count * sequenceLength
        }
        result.lengths = indices.map { lengths[$0] }
        result.batchSize = indices.count
        return result
    }

    /// The sequences at `indices` (repeats allowed), in that order, cut to `sequenceLength`
    /// positions, which must hold each of them (at most this batch's `sequenceLength`).
    /// - Complexity: O(indices.count × sequenceLength).
    func selecting(_ indices: [Int], sequenceLength: Int) -> TokenBatch {
        precondition(sequenceLength >= 1 && sequenceLength <= self.sequenceLength,
                     "Cannot cut sequences of \(self.sequenceLength) positions to \(sequenceLength)")
        var result = self
        let stride = self.sequenceLength
        result.tokenIDs = [Int32](unsafeUninitializedCapacity: indices.count * sequenceLength) { buffer, initialized in
            tokenIDs.withUnsafeBufferPointer { source in
                for (slot, index) in indices.enumerated() {
                    precondition(index >= 0 && index < batchSize, "Sequence \(index) outside the batch 0..<\(batchSize)")
                    precondition(lengths[index] <= sequenceLength, "Sequence \(index) has \(lengths[index]) tokens, more than \(sequenceLength)")
                    (buffer.baseAddress! + slot * sequenceLength).initialize(from: source.baseAddress! + index * stride, count: sequenceLength)
                }
            }
            initialized = indices.count * sequenceLength
        }
        result.lengths = indices.map { lengths[$0] }
        result.batchSize = indices.count
        result.sequenceLength = sequenceLength
        return result
    }
}
