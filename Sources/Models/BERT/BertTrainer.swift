import LinearAlgebra

/// Fine-tuning of a `BertClassifier`: AdamW with linear warm-up and decay, length-bucketed
/// mini-batches, gradient clipping and early stopping on the dev split.
public enum BertTrainer {
    /// Settings beyond `TrainingOptions`, with the usual BERT fine-tuning values.
    public struct Settings: Sendable {
        /// Share of all steps spent warming the learning rate up.
        public var warmupFraction: Float = 0.1
        /// Decoupled weight decay (AdamW), not applied to biases and LayerNorm weights.
        public var weightDecay: Float = 0.01
        /// The global gradient norm is clipped to this (Hugging Face's default 1).
        public var maximumGradientNorm: Float = 1
        /// Batches are formed from pools of this many batches sorted by length, so a batch pads little.
        public var bucketBatchCount: Int = 50

        /// The defaults above.
        public init() {}
    }

    /// Fine-tunes `model` in place on softmax cross-entropy and returns the history.
    ///
    /// Each epoch shuffles the training examples (seeded), sorts pools of `bucketBatchCount`
    /// batches by length, cuts them into batches and shuffles the batch order. Every step takes the
    /// mean cross-entropy gradient with dropout, clips the global norm, and applies AdamW at the
    /// scheduled learning rate (peak `options.learningRate`, linear warm-up then decay to 0 over
    /// all `epochCount` epochs). The word-piece table is updated lazily: only the rows a batch
    /// used move (as TensorFlow's LazyAdam). After each epoch the dev accuracy decides early
    /// stopping (`options.patience`) and the best epoch's weights are restored.
    /// - Complexity: O(epochCount × Σ (layerCount × (L·H² + L²·H + L·H·I))) per example of length L.
    public static func train(_ model: BertClassifier, trainingSequences: [[Int32]], trainingLabels: [Int], devSequences: [[Int32]],
                             devLabels: [Int], options: TrainingOptions, settings: Settings = Settings(),
                             progress: (TrainingProgress) -> Void = { _ in }) -> TrainingReport {
        precondition(trainingSequences.count == trainingLabels.count, "\(trainingSequences.count) training sequences but \(trainingLabels.count) labels")
        precondition(devSequences.count == devLabels.count, "\(devSequences.count) dev sequences but \(devLabels.count) labels")
        precondition(!trainingSequences.isEmpty, "Cannot train on an empty training split")
        var generator = SplitMix64(seed: options.seed)
        var shuffleGenerator = generator.split()
        var dropoutSource = generator.split()
        let training = trainingSequences.map { truncated($0, to: options.maximumLength) }
        let dev = devSequences.map { truncated($0, to: options.maximumLength) }
        let stepsPerEpoch = (training.count + options.batchSize - 1) / options.batchSize
        let schedule = LinearWarmupSchedule(peakLearningRate: options.learningRate,
                                            warmupStepCount: Int(Float(stepsPerEpoch * options.epochCount) * settings.warmupFraction),
                                            totalStepCount: stepsPerEpoch * options.epochCount)
        let tensors = model.parameters.tensors
        var adam = Adam(learningRate: options.learningRate)
        var moments = tensors.map { $0.name == wordEmbeddingName ? AdamMoments(count: 0) : AdamMoments(count: $0.elementCount) }
        var embeddingMoments = AdamMoments(count: model.parameters.wordEmbeddings.values.count)
        var gradients = BertParameters.zeros(like: model.parameters)
        gradients.wordEmbeddings = Matrix(rowCount: 0, columnCount: model.configuration.hiddenSize)

        var stopping = EarlyStopping(initial: model.parameters, patience: options.patience, hasDev: !dev.isEmpty)
        var step = 0
        for epoch in 1...options.epochCount {
            stopping.startEpoch()
            let batches = bucketedBatches(lengths: training.map(\.count), batchSize: options.batchSize,
                                          poolBatchCount: settings.bucketBatchCount, generator: &shuffleGenerator)
            var lossSum = 0.0, seen = 0
            for (batchIndex, indices) in batches.enumerated() {
                step += 1
                for tensor in tensors where tensor.name != wordEmbeddingName {
                    gradients[keyPath: tensor.path].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                }
                let batch = model.batch(indices.map { training[$0] })
                var dropout: SplitMix64? = dropoutSource.split()
                let (loss, embeddingGradient) = model.accumulateGradients(batch: batch, labels: indices.map { trainingLabels[$0] },
                                                                          generator: &dropout, gradients: &gradients)
                var embeddingRows = embeddingGradient.rows
                clipGlobalNorm(&gradients, tensors: tensors, embeddingRows: &embeddingRows, limit: settings.maximumGradientNorm)
                adam.learningRate = schedule.learningRate(step: step)
                adam.advance()
                for (index, tensor) in tensors.enumerated() where tensor.name != wordEmbeddingName {
                    if settings.weightDecay > 0 && decays(tensor.name) {
                        let factor = 1 - adam.learningRate * settings.weightDecay
                        model.parameters[keyPath: tensor.path].withUnsafeMutableBufferPointer { values in
                            for offset in values.indices { values[offset] *= factor }
                        }
                    }
                    adam.update(&model.parameters[keyPath: tensor.path], gradient: gradients[keyPath: tensor.path], moments: &moments[index])
                }
                updateEmbeddingRows(of: model, tokens: embeddingGradient.tokens, rows: embeddingRows, adam: adam,
                                    weightDecay: settings.weightDecay, moments: &embeddingMoments)
                lossSum += loss * Double(indices.count)
                seen += indices.count
                if batchIndex % 4 == 3 || batchIndex == batches.count - 1 {
                    progress(TrainingProgress(epoch: epoch, epochCount: options.epochCount, exampleCount: seen,
                                              totalExampleCount: training.count, loss: lossSum / Double(seen)))
                }
            }
            model.weightsDidChange()
            let accuracy = dev.isEmpty ? 0 : accuracyOf(model, sequences: dev, labels: devLabels)
            if stopping.endEpoch(epoch, trainingLoss: lossSum / Double(max(seen, 1)), devAccuracy: accuracy,
                                 snapshot: { model.parameters }) { break }
        }
        model.parameters = stopping.best
        model.weightsDidChange()
        return stopping.report
    }

    /// Fraction of `sequences` whose predicted class equals the label, in inference mode, batched by length.
    /// - Complexity: one forward pass per example.
    public static func accuracyOf(_ model: BertClassifier, sequences: [[Int32]], labels: [Int], batchSize: Int = 64) -> Double {
        model.accuracy(of: sequences, labels: labels, batchSize: batchSize)
    }

    /// Batches of example indices of similar length: a seeded shuffle, pools of `poolBatchCount`
    /// batches sorted by length and cut into batches, then the batch order shuffled.
    /// - Complexity: O(n log n).
    static func bucketedBatches(lengths: [Int], batchSize: Int, poolBatchCount: Int, generator: inout SplitMix64) -> [[Int]] {
        var order = Array(lengths.indices)
        Trainer.shuffle(&order, generator: &generator)
        var batches: [[Int]] = []
        let poolSize = batchSize * max(poolBatchCount, 1)
        for poolStart in stride(from: 0, to: order.count, by: poolSize) {
            let pool = order[poolStart..<min(poolStart + poolSize, order.count)].sorted { lengths[$0] < lengths[$1] }
            for batchStart in stride(from: 0, to: pool.count, by: batchSize) {
                batches.append(Array(pool[batchStart..<min(batchStart + batchSize, pool.count)]))
            }
        }
        var batchOrder = Array(batches.indices)
        Trainer.shuffle(&batchOrder, generator: &generator)
        return batchOrder.map { batches[$0] }
    }

    /// Scales every gradient (the embedding rows included) so their joint L2 norm is at most `limit`.
    private static func clipGlobalNorm(_ gradients: inout BertParameters, tensors: [BertParameters.Tensor], embeddingRows: inout [Float], limit: Float) {
        var sum = 0.0
        for tensor in tensors where tensor.name != wordEmbeddingName {
            for value in gradients[keyPath: tensor.path] { sum += Double(value) * Double(value) }
        }
        for value in embeddingRows { sum += Double(value) * Double(value) }
        let norm = Float(sum.squareRoot())
        guard norm > limit, norm.isFinite else { return }
        let scale = limit / norm
        for tensor in tensors where tensor.name != wordEmbeddingName {
            gradients[keyPath: tensor.path].withUnsafeMutableBufferPointer { values in
                for index in values.indices { values[index] *= scale }
            }
        }
        for index in embeddingRows.indices { embeddingRows[index] *= scale }
    }

    /// Lazy AdamW on the word-piece rows a batch used.
    private static func updateEmbeddingRows(of model: BertClassifier, tokens: [Int32], rows: [Float], adam: Adam, weightDecay: Float,
                                            moments: inout AdamMoments) {
        let width = model.configuration.hiddenSize
        let factor = 1 - adam.learningRate * weightDecay
        model.parameters.wordEmbeddings.values.withUnsafeMutableBufferPointer { table in
            rows.withUnsafeBufferPointer { gradient in
                moments.first.withUnsafeMutableBufferPointer { first in
                    moments.second.withUnsafeMutableBufferPointer { second in
                        for (slot, token) in tokens.enumerated() {
                            let offset = Int(token) * width
                            if weightDecay > 0 { for column in 0..<width { table[offset + column] *= factor } }
                            adam.update(table.baseAddress! + offset, gradient: gradient.baseAddress! + slot * width,
                                        first: first.baseAddress! + offset, second: second.baseAddress! + offset, count: width)
                        }
                    }
                }
            }
        }
    }

    /// Whether AdamW decays a tensor: weights yes, biases and LayerNorm parameters no (the usual BERT recipe).
    static func decays(_ name: String) -> Bool { !name.hasSuffix(".bias") && !name.contains("LayerNorm") }

    private static let wordEmbeddingName = "embeddings.word_embeddings.weight"

    /// The first `maximumLength − 1` ids and the last (`[SEP]`) of a longer sequence.
    private static func truncated(_ sequence: [Int32], to maximumLength: Int) -> [Int32] {
        guard sequence.count > maximumLength, maximumLength >= 2 else { return sequence }
        return Array(sequence.prefix(maximumLength - 1)) + [sequence.last!]
    }
}
