/// Indices of the `count` largest values, largest first; ties broken by lower index.
/// - Complexity: O(n log count).
public func topIndices(of values: UnsafeBufferPointer<Float>, count: Int) -> [Int] {
    let count = min(count, values.count)
    guard count > 0 else { return [] }
    // A small min-heap of (value, index): the root is the weakest kept entry.
    var heap: [(value: Float, index: Int)] = []
    heap.reserveCapacity(count)
    func weaker(_ a: (value: Float, index: Int), _ b: (value: Float, index: Int)) -> Bool {
        a.value < b.value || (a.value == b.value && a.index > b.index)
    }
    func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && weaker(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && weaker(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
    for index in 0..<values.count {
        let entry = (value: values[index], index: index)
        if heap.count < count {
            heap.append(entry)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if weaker(heap[child], heap[parent]) { heap.swapAt(child, parent); child = parent } else { break }
            }
        } else if weaker(heap[0], entry) {
            heap[0] = entry
            siftDown(0)
        }
    }
    return heap.sorted { weaker($1, $0) }.map(\.index)
}

/// Indices of the `count` largest values of an array, largest first; ties by lower index.
/// - Complexity: O(n log count).
public func topIndices(of values: [Float], count: Int) -> [Int] {
    values.withUnsafeBufferPointer { topIndices(of: $0, count: count) }
}
