import LinearAlgebra

/// The pooled features of many sequences with the window that won each max-pool.
public struct PooledFeatureWindows: Sendable {
    /// Rectified pooled features, `[sequenceCount, 3F]`.
    public var activations: Matrix
    /// Start token of the winning window of every (sequence, feature), `[sequenceCount * 3F]`.
    public var windowStarts: [Int32]
}

extension KimCNN {
    /// The filter width (in tokens) of every pooled feature, `[3F]`, width-major as the features are.
    public var featureWidths: [Int] {
        configuration.filterWidths.flatMap { Array(repeating: $0, count: configuration.filterCount) }
    }

    /// Pooled, rectified features of unpadded `sequences` with the start of each feature's
    /// winning window, computed `batchSize` sequences at a time in inference mode.
    /// - Complexity: O(Σ lengths × Σw·F × d).
    public func pooledFeatureWindows(_ sequences: [[Int32]], batchSize: Int = 256) -> PooledFeatureWindows {
        let featureCount = configuration.featureCount
        var activations = Matrix(rowCount: sequences.count, columnCount: featureCount)
        var starts = [Int32](repeating: 0, count: sequences.count * featureCount)
        for batchStart in stride(from: 0, to: sequences.count, by: batchSize) {
            let batch = Array(sequences[batchStart..<min(batchStart + batchSize, sequences.count)])
            let (values, layout) = packedEmbeddings(batch)
            let pooled = values.withUnsafeBufferPointer { convolutions.forward(input: $0.baseAddress!, layout: layout) }
            let offset = batchStart * featureCount
            for index in pooled.maxima.indices {
                activations.values[offset + index] = max(pooled.maxima[index], 0)
                starts[offset + index] = pooled.positions[index]
            }
        }
        return PooledFeatureWindows(activations: activations, windowStarts: starts)
    }

    /// Each pooled feature's influence on each class logit, `[3F, classCount]`: the output
    /// weights without a hidden layer (exact), else the mean over the rows of `activations`
    /// (`[n, 3F]`) of ∂logit_c/∂feature_f = Σ_h W_hidden[f, h] · 1[pre_h > 0] · W_out[h, c], which
    /// is `W_hidden · diag(active rate) · W_out`. Disabled features have influence 0.
    /// - Complexity: O(n × 3F × H) for the hidden pre-activations, plus O(3F × H × classCount).
    public func meanClassInfluence(activations: Matrix) -> Matrix {
        guard let hidden else { return classifier.weights }
        precondition(activations.columnCount == configuration.featureCount,
                     "Activations [\(activations.rowCount), \(activations.columnCount)] do not have \(configuration.featureCount) features")
        let preActivations = hidden.forward(activations)
        let hiddenCount = hidden.outputCount
        var rates = [Float](repeating: 0, count: hiddenCount)
        preActivations.values.withUnsafeBufferPointer { values in
            for row in 0..<preActivations.rowCount {
                for unit in 0..<hiddenCount where values[row * hiddenCount + unit] > 0 { rates[unit] += 1 }
            }
        }
        let rowCount = Float(max(preActivations.rowCount, 1))
        var scaled = classifier.weights
        for unit in 0..<hiddenCount {
            for column in 0..<scaled.columnCount { scaled[unit, column] *= rates[unit] / rowCount }
        }
        return hidden.weights.multiplied(by: scaled)
    }
}
