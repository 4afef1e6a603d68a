/// A bounded selection of the best `capacity` (similarity, index) pairs seen so far.
///
/// "Better" means a higher similarity, or an equal similarity and a lower index, so the
/// kept set and its order do not depend on the order candidates arrive in. Internally a
/// min-heap whose root is the weakest kept pair; storage is reused across `reset()`s.
struct NearestNeighborsHeap {
    private(set) var capacity: Int
    private var similarities: [Float]
    private var indices: [Int32]
    private(set) var count = 0

    /// An empty selection that keeps at most `capacity` pairs.
    init(capacity: Int) {
        precondition(capacity >= 0, "A neighbour selection needs a non-negative capacity, got \(capacity)")
        self.capacity = capacity
        similarities = [Float](repeating: 0, count: capacity)
        indices = [Int32](repeating: 0, count: capacity)
    }

    /// Whether `capacity` pairs are kept.
    var isFull: Bool { count == capacity }

    /// The weakest kept similarity once full (candidates must beat it), else -infinity.
    var threshold: Float { isFull && capacity > 0 ? similarities[0] : -.infinity }

    /// Forgets every kept pair, keeping the storage.
    mutating func reset() { count = 0 }

    @inline(__always)
    private static func isWeaker(_ a: Float, _ aIndex: Int32, _ b: Float, _ bIndex: Int32) -> Bool {
        a < b || (a == b && aIndex > bIndex)
    }

    /// Offers one candidate; it is kept if the selection is not full or it beats the weakest.
    /// - Complexity: O(log capacity).
    @inline(__always)
    mutating func consider(similarity: Float, index: Int) {
        guard capacity > 0 else { return }
        let candidateIndex = Int32(truncatingIfNeeded: index)
        similarities.withUnsafeMutableBufferPointer { values in
            indices.withUnsafeMutableBufferPointer { keys in
                if count < capacity {
                    // Sift the new leaf up while it is weaker than its parent.
                    var child = count
                    count += 1
                    while child > 0 {
                        let parent = (child - 1) / 2
                        guard Self.isWeaker(similarity, candidateIndex, values[parent], keys[parent]) else { break }
                        values[child] = values[parent]
                        keys[child] = keys[parent]
                        child = parent
                    }
                    values[child] = similarity
                    keys[child] = candidateIndex
                } else if Self.isWeaker(values[0], keys[0], similarity, candidateIndex) {
                    // Replace the root and sift it down.
                    var parent = 0
                    while true {
                        let left = 2 * parent + 1
                        guard left < count else { break }
                        var weakest = left
                        let right = left + 1
                        if right < count && Self.isWeaker(values[right], keys[right], values[left], keys[left]) { weakest = right }
                        guard Self.isWeaker(values[weakest], keys[weakest], similarity, candidateIndex) else { break }
                        values[parent] = values[weakest]
                        keys[parent] = keys[weakest]
                        parent = weakest
                    }
                    values[parent] = similarity
                    keys[parent] = candidateIndex
                }
            }
        }
    }

    /// The kept pairs, best first.
    /// - Complexity: O(count log count).
    func sortedNeighbors() -> [Neighbor] {
        var result = (0..<count).map { Neighbor(index: Int(indices[$0]), similarity: similarities[$0]) }
        result.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.index < $1.index) }
        return result
    }
}
