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
}
