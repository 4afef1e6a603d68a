import Models

/// Runs a salience method over a whole split in length-sorted batches.
public enum Attributor {
    /// Attributes every sequence in batches of `batchSize` (sorted by length internally so
    /// batches carry little padding); the maps come back in input order. `progress` receives the
    /// number of sequences done after each batch.
    /// - Complexity: one method call per batch, O(n log n) for the sort.
    public static func attribute(model: any TextClassifier, method: any SalienceMethod, sequences: [[Int32]], labels: [Int]?,
                                 target: TargetRule, batchSize: Int = 64, progress: (Int) -> Void = { _ in }) -> [SalienceMap] {
        precondition(batchSize > 0, "Batch size must be positive, got \(batchSize)")
        if let labels { precondition(labels.count == sequences.count, "\(sequences.count) sequences but \(labels.count) labels") }
        if target == .label { precondition(labels != nil, "The label target rule needs labels") }
        var maps = [SalienceMap?](repeating: nil, count: sequences.count)
        var done = 0
        for indices in lengthSortedBatches(lengths: sequences.map(\.count), batchSize: batchSize) {
            let batch = model.batch(indices.map { sequences[$0] })
            let batchMaps = method.attribute(model: model, batch: batch, targets: target, labels: labels.map { all in indices.map { all[$0] } })
            precondition(batchMaps.count == indices.count, "\(method.name) returned \(batchMaps.count) maps for \(indices.count) sequences")
            for (index, map) in zip(indices, batchMaps) { maps[index] = map }
            done += indices.count
            progress(done)
        }
        return maps.map { $0! }
    }
}
