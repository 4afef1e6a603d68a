import LinearAlgebra

/// Mini-batch training of a `KimCNN` with Adam and early stopping on the dev split.
public enum Trainer {
    /// Trains `model` in place on softmax cross-entropy and returns the history.
    ///
    /// Each epoch visits the training examples in a fresh seeded shuffle, in mini-batches of
    /// `options.batchSize`, with inverted dropout on the pooled features (and on the hidden
    /// activations when the model has a hidden layer and `hiddenDropout > 0`); parameters take one
    /// Adam step per batch. Frozen embeddings are never updated; trainable ones use lazy Adam
    /// (only the rows a batch used, with their own moment estimates, as TensorFlow's LazyAdam).
    /// After each epoch the dev accuracy is measured; training stops after `options.patience`
    /// epochs without improvement and the weights of the best dev epoch are restored. With no dev
    /// examples every epoch counts as the best, so the last one is kept. Same seed, same weights.
    /// - Complexity: O(epochCount × Σ lengths × Σw·F × d).
    public static func train(_ model: KimCNN, trainingSequences: [[Int32]], trainingLabels: [Int], devSequences: [[Int32]],
                             devLabels: [Int], options: TrainingOptions,
                             progress: (TrainingProgress) -> Void = { _ in }) -> TrainingReport {
        var (shuffleGenerator, dropoutGenerator) = startingGenerators(trainingCount: trainingSequences.count, trainingLabelCount: trainingLabels.count,
                                                                      devCount: devSequences.count, devLabelCount: devLabels.count, options: options)
        let training = trainingSequences.map { Array($0.prefix(options.maximumLength)) }
        let dev = devSequences.map { Array($0.prefix(options.maximumLength)) }
        let configuration = model.configuration

        var adam = Adam(learningRate: options.learningRate)
        var gradients = KimCNNGradients(for: model)
        var convolutionWeightMoments = AdamMoments(count: gradients.convolutionWeights.count)
        var convolutionBiasMoments = AdamMoments(count: gradients.convolutionBias.count)
        var hiddenWeightMoments = AdamMoments(count: gradients.hiddenWeights.count)
        var hiddenBiasMoments = AdamMoments(count: gradients.hiddenBias.count)
        var classifierWeightMoments = AdamMoments(count: gradients.classifierWeights.count)
        var classifierBiasMoments = AdamMoments(count: gradients.classifierBias.count)
        var embeddingMoments = configuration.trainEmbeddings ? AdamMoments(count: model.embeddings.values.count) : AdamMoments(count: 0)

        var stopping = EarlyStopping(initial: Snapshot(model), patience: options.patience, hasDev: !dev.isEmpty)
        var order = Array(training.indices)
        for epoch in 1...options.epochCount {
            stopping.startEpoch()
            shuffle(&order, generator: &shuffleGenerator)
            var lossSum = 0.0, batchCount = 0
            for batchStart in stride(from: 0, to: order.count, by: options.batchSize) {
                let indices = order[batchStart..<min(batchStart + options.batchSize, order.count)]
                let sequences = indices.map { training[$0] }
                let labels = indices.map { trainingLabels[$0] }
                let mask = dropoutMask(count: indices.count * configuration.featureCount, rate: configuration.dropout, generator: &dropoutGenerator)
                // Drawn after the feature mask, and only with a hidden layer, so models without one keep their old masks.
                let hiddenMask = configuration.hiddenSize > 0
                    ? dropoutMask(count: indices.count * configuration.hiddenSize, rate: configuration.hiddenDropout, generator: &dropoutGenerator)
                    : nil
                gradients.reset()
                let (loss, embeddingGradient) = model.accumulateGradients(sequences: sequences, labels: labels, dropoutMask: mask,
                                                                          hiddenDropoutMask: hiddenMask, gradients: &gradients)
                adam.advance()
                adam.update(&model.convolutions.weights.values, gradient: gradients.convolutionWeights, moments: &convolutionWeightMoments)
                adam.update(&model.convolutions.bias, gradient: gradients.convolutionBias, moments: &convolutionBiasMoments)
                if model.hidden != nil {
                    adam.update(&model.hidden!.weights.values, gradient: gradients.hiddenWeights, moments: &hiddenWeightMoments)
                    adam.update(&model.hidden!.bias, gradient: gradients.hiddenBias, moments: &hiddenBiasMoments)
                }
                adam.update(&model.classifier.weights.values, gradient: gradients.classifierWeights, moments: &classifierWeightMoments)
                adam.update(&model.classifier.bias, gradient: gradients.classifierBias, moments: &classifierBiasMoments)
                if let embeddingGradient {
                    updateRows(of: &model.embeddings, gradient: embeddingGradient, adam: adam, moments: &embeddingMoments)
                }
                if let limit = options.maximumWeightNorm { constrainColumns(of: &model.classifier.weights, to: limit) }
                lossSum += loss
                batchCount += 1
                progress(TrainingProgress(epoch: epoch, epochCount: options.epochCount, exampleCount: batchStart + indices.count,
                                          totalExampleCount: order.count, loss: lossSum / Double(batchCount)))
            }
            let accuracy = dev.isEmpty ? 0 : accuracyOf(model, sequences: dev, labels: devLabels)
            if stopping.endEpoch(epoch, trainingLoss: lossSum / Double(max(batchCount, 1)), devAccuracy: accuracy,
                                 snapshot: { Snapshot(model) }) { break }
        }
        stopping.best.restore(into: model)
        model.weightsDidChange()
        return stopping.report
    }

    /// Fraction of `sequences` whose predicted class equals the label, in inference mode.
    /// - Complexity: O(Σ lengths × Σw·F × d).
    public static func accuracyOf(_ model: KimCNN, sequences: [[Int32]], labels: [Int], batchSize: Int = 500) -> Double {
        precondition(sequences.count == labels.count, "\(sequences.count) sequences but \(labels.count) labels")
        guard !sequences.isEmpty else { return 0 }
        var correct = 0
        for start in stride(from: 0, to: sequences.count, by: batchSize) {
            let end = min(start + batchSize, sequences.count)
            let predictions = argmaxRows(model.packedLogits(Array(sequences[start..<end])))
            for (offset, prediction) in predictions.enumerated() where prediction == labels[start + offset] { correct += 1 }
        }
        return Double(correct) / Double(sequences.count)
    }

    /// Fisher–Yates shuffle drawing from `generator` (spelled out so the order never depends on
    /// the standard library's shuffle algorithm).
    static func shuffle(_ values: inout [Int], generator: inout SplitMix64) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            let other = min(Int(generator.nextUnitDouble() * Double(index + 1)), index)
            values.swapAt(index, other)
        }
    }

    /// An inverted-dropout mask: each entry 0 with probability `rate`, else 1/(1 − rate).
    static func dropoutMask(count: Int, rate: Float, generator: inout SplitMix64) -> [Float]? {
        guard rate > 0 else { return nil }
        let kept = 1 / (1 - rate)
        return (0..<count).map { _ in generator.nextUnitFloat() < rate ? 0 : kept }
    }

    /// Lazy Adam on the embedding rows a batch used.
    private static func updateRows(of table: inout Matrix, gradient: KimCNN.EmbeddingGradient, adam: Adam, moments: inout AdamMoments) {
        let dimension = table.columnCount
        table.values.withUnsafeMutableBufferPointer { parameters in
            gradient.rows.withUnsafeBufferPointer { rows in
                moments.first.withUnsafeMutableBufferPointer { first in
                    moments.second.withUnsafeMutableBufferPointer { second in
                        for (slot, token) in gradient.tokens.enumerated() {
                            let offset = Int(token) * dimension
                            adam.update(parameters.baseAddress! + offset, gradient: rows.baseAddress! + slot * dimension,
                                        first: first.baseAddress! + offset, second: second.baseAddress! + offset, count: dimension)
                        }
                    }
                }
            }
        }
    }

    /// Rescales every column (one class's weight vector) whose L2 norm exceeds `limit` down to `limit`.
    private static func constrainColumns(of weights: inout Matrix, to limit: Float) {
        for column in 0..<weights.columnCount {
            var sum: Float = 0
            for row in 0..<weights.rowCount { sum += weights[row, column] * weights[row, column] }
            let norm = sum.squareRoot()
            guard norm > limit else { continue }
            for row in 0..<weights.rowCount { weights[row, column] *= limit / norm }
        }
    }

    /// A copy of the trainable weights, to restore the best epoch.
    private struct Snapshot {
        var convolutions: PooledConvolutions
        var hidden: Linear?
        var classifier: Linear
        var embeddings: Matrix?

        init(_ model: KimCNN) {
            convolutions = model.convolutions
            hidden = model.hidden
            classifier = model.classifier
            embeddings = model.configuration.trainEmbeddings ? model.embeddings : nil
        }

        func restore(into model: KimCNN) {
            model.convolutions = convolutions
            model.hidden = hidden
            model.classifier = classifier
            if let embeddings { model.embeddings = embeddings }
        }
    }

    /// Checks what both trainers are given (the programmer's contract) and splits the seed into
    /// the shuffle and dropout generators, in that order, so both trainers draw alike.
    static func startingGenerators(trainingCount: Int, trainingLabelCount: Int, devCount: Int, devLabelCount: Int,
                                   options: TrainingOptions) -> (shuffle: SplitMix64, dropout: SplitMix64) {
        precondition(trainingCount == trainingLabelCount, "\(trainingCount) training sequences but \(trainingLabelCount) labels")
        precondition(devCount == devLabelCount, "\(devCount) dev sequences but \(devLabelCount) labels")
        precondition(trainingCount > 0, "Cannot train on an empty training split")
        precondition(options.batchSize > 0 && options.epochCount > 0 && options.maximumLength > 0,
                     "Batch size, epoch count and maximum length must be positive")
        var generator = SplitMix64(seed: options.seed)
        let shuffle = generator.split()
        let dropout = generator.split()
        return (shuffle, dropout)
    }
}
