import Foundation
import LinearAlgebra

/// The convolutional sentence classifier of Kim (2014), "Convolutional Neural Networks for
/// Sentence Classification": embeddings → 1-D convolutions (widths 3/4/5, 100 filters each) →
/// ReLU → max-over-time pooling → dropout → linear → softmax, with explicit forward and
/// backward passes through BLAS. With `configuration.hiddenSize = H > 0` the pooled features
/// pass through one hidden layer first: dropout → linear (3F → H) → ReLU → dropout
/// (`hiddenDropout`) → linear (H → classCount) → softmax.
///
/// Weights change only through `Trainer` and `load(from:)`; reading a model from several
/// threads at once is safe.
public final class KimCNN: SinglePassGradientClassifier, @unchecked Sendable {
    /// The model's shape and hyper-parameters.
    public let configuration: KimCNNConfiguration
    /// Input embeddings, `[vocabularySize, d]`.
    var embeddings: Matrix
    /// Convolutions and max-over-time pooling.
    var convolutions: PooledConvolutions
    /// The hidden layer, `[3F, H]`, or nil when `configuration.hiddenSize` is 0.
    var hidden: Linear?
    /// The output layer, `[3F, classCount]`, or `[H, classCount]` after a hidden layer.
    var classifier: Linear

    private let fingerprintCache = FingerprintCache()

    /// A freshly initialised model. `embeddingTable` (`[rows, d]`) seeds the first rows of the
    /// embedding table; rows it lacks (added tokens) are drawn from a normal distribution with the
    /// table's per-dimension mean and `addedRowScale` times its per-dimension standard deviation
    /// (1, the default, follows Kim 2014's matched-variance rule for unknown words; larger values
    /// make added whole tokens stand out to the frozen filters' max pooling). Without a table every
    /// row is drawn from N(0, 1/d), so rows have about unit norm. Filters, the hidden layer and the
    /// output layer use PyTorch's default uniform bounds. Every draw comes from `generator`, in the
    /// order embeddings, filters, hidden layer (if any), output layer.
    ///
    /// With `zeroInitialOutput` the output layer starts at zero (its draws are still made). Softmax
    /// cross-entropy's logit gradients sum to zero over the classes, so with two classes every
    /// update of the two output columns is opposite (up to rounding) and the logits stay each
    /// other's negatives: the gradient of one logit is then half the gradient of the decision
    /// margin. From a random start the class-sum of the output weights never moves, and that
    /// random, decision-irrelevant part leaks into single-logit gradient salience (Grad-L2).
    public init(configuration: KimCNNConfiguration, embeddingTable: Matrix?, generator: inout SplitMix64, addedRowScale: Float = 1,
                zeroInitialOutput: Bool = false) {
        precondition(addedRowScale > 0, "addedRowScale must be positive, got \(addedRowScale)")
        if let problem = configuration.problem { preconditionFailure("Invalid KimCNNConfiguration: \(problem)") }
        let dimension = configuration.embeddingDimension, vocabularySize = configuration.vocabularySize
        var table = Matrix(rowCount: vocabularySize, columnCount: dimension)
        var means = [Float](repeating: 0, count: dimension)
        var deviations = [Float](repeating: 1 / Float(dimension).squareRoot(), count: dimension)
        var seededRowCount = 0
        if let embeddingTable {
            precondition(embeddingTable.columnCount == dimension && embeddingTable.rowCount <= vocabularySize,
                         "Embedding table [\(embeddingTable.rowCount), \(embeddingTable.columnCount)] does not fit [\(vocabularySize), \(dimension)]")
            seededRowCount = embeddingTable.rowCount
            table.values.replaceSubrange(0..<embeddingTable.values.count, with: embeddingTable.values)
            if seededRowCount > 1 {
                var sums = [Double](repeating: 0, count: dimension), squares = [Double](repeating: 0, count: dimension)
                embeddingTable.values.withUnsafeBufferPointer { values in
                    for row in 0..<seededRowCount {
                        for column in 0..<dimension {
                            let value = Double(values[row * dimension + column])
                            sums[column] += value
                            squares[column] += value * value
                        }
                    }
                }
                let count = Double(seededRowCount)
                for column in 0..<dimension {
                    let mean = sums[column] / count
                    means[column] = Float(mean)
                    deviations[column] = Float(max(squares[column] / count - mean * mean, 0).squareRoot())
                }
            }
        }
        for row in seededRowCount..<vocabularySize {
            for column in 0..<dimension { table[row, column] = means[column] + addedRowScale * deviations[column] * generator.nextNormal() }
        }
        self.configuration = configuration
        self.embeddings = table
        self.convolutions = PooledConvolutions(widths: configuration.filterWidths, filterCount: configuration.filterCount,
                                               inputDimension: dimension, generator: &generator)
        self.hidden = configuration.hiddenSize > 0
            ? Linear(inputCount: configuration.featureCount, outputCount: configuration.hiddenSize, generator: &generator) : nil
        self.classifier = Linear(inputCount: configuration.representationCount, outputCount: configuration.classCount, generator: &generator)
        if zeroInitialOutput {
            classifier = Linear(weights: Matrix(rowCount: classifier.inputCount, columnCount: classifier.outputCount),
                                bias: [Float](repeating: 0, count: classifier.outputCount))
        }
    }

    /// A model from given parts (checkpoint loading).
    init(configuration: KimCNNConfiguration, embeddings: Matrix, convolutions: PooledConvolutions, hidden: Linear?, classifier: Linear) {
        precondition((hidden?.outputCount ?? 0) == configuration.hiddenSize,
                     "Hidden layer width \(hidden?.outputCount ?? 0) does not match hiddenSize \(configuration.hiddenSize)")
        self.configuration = configuration
        self.embeddings = embeddings
        self.convolutions = convolutions
        self.hidden = hidden
        self.classifier = classifier
    }

    /// Number of output classes.
    public var classCount: Int { configuration.classCount }
    /// Width `d` of an input embedding.
    public var embeddingDimension: Int { configuration.embeddingDimension }
    /// The input embedding table, `[vocabularySize, d]`.
    public var embeddingTable: Matrix { embeddings }
    /// The widest filter: shorter batches are padded to it.
    public var minimumSequenceLength: Int { configuration.filterWidths.max() ?? 1 }
    /// The configured pad id.
    public var padID: Int32 { configuration.padID }

    /// SHA-256 of the configuration and every exported tensor (name, shape, F32 bytes), in hex.
    /// Computed once and cached until training changes the weights.
    public var fingerprint: String {
        fingerprintCache.value {
            let tensors = exportedTensors()
            return ModelFingerprint.hex(architecture: Self.architectureName, configuration: configuration,
                                        tensors: tensors.keys.sorted().map { ($0, tensors[$0]!.shape, tensors[$0]!.values) })
        }
    }

    /// Forgets the cached fingerprint after the weights changed.
    func weightsDidChange() {
        fingerprintCache.reset()
    }

    /// Looks up `[batchSize * sequenceLength, d]` embeddings; padding rows stay zero.
    /// - Complexity: O(batchSize × sequenceLength × d).
    public func embed(_ batch: TokenBatch) -> Matrix {
        batch.embeddingRows(from: embeddings)
    }

    /// Logits in inference mode, `[batchSize, classCount]`.
    /// - Complexity: O(batchSize × sequenceLength × d × Σw·F).
    public func logits(embedded: Matrix, batch: TokenBatch) -> Matrix {
        checkEmbedded(embedded, batch: batch)
        let layout = SequenceLayout(batch: batch)
        return embedded.values.withUnsafeBufferPointer { forward(input: $0.baseAddress!, layout: layout, dropoutMask: nil).logits }
    }

    /// Logits, the targets chosen from them, and the gradient of each chosen logit with respect
    /// to `embedded`, in one forward and one backward pass.
    public func inputGradient(embedded: Matrix, batch: TokenBatch, chooseTargets: (Matrix) -> [Int])
        -> (logits: Matrix, targets: [Int], gradient: Matrix) {
        checkEmbedded(embedded, batch: batch)
        let layout = SequenceLayout(batch: batch)
        var gradient = Matrix(rowCount: embedded.rowCount, columnCount: embedded.columnCount)
        let (logits, targets) = embedded.values.withUnsafeBufferPointer { input in
            let state = forward(input: input.baseAddress!, layout: layout, dropoutMask: nil)
            let targets = chooseTargets(state.logits)
            let logitGradient = targetSelection(targets, batchSize: batch.batchSize)
            gradient.values.withUnsafeMutableBufferPointer { target in
                backward(state: state, logitGradient: logitGradient, input: input.baseAddress!, layout: layout,
                         gradients: nil, inputGradient: target.baseAddress!)
            }
            return (state.logits, targets)
        }
        return (logits, targets, gradient)
    }

    /// The representation the output layer reads, in inference mode (docs/METHOD.md §5.5, "the
    /// classifier's final representation"): the rectified hidden activations, `[batchSize, H]`,
    /// when the model has a hidden layer, else the pooled, rectified features, `[batchSize, 3F]`.
    /// - Complexity: one forward pass without the output layer.
    public func features(_ batch: TokenBatch) -> Matrix {
        let embedded = embed(batch)
        let layout = SequenceLayout(batch: batch)
        return embedded.values.withUnsafeBufferPointer { forward(input: $0.baseAddress!, layout: layout, dropoutMask: nil).representation }
    }

    /// The pooled, rectified convolution features before any dropout or dense layer, `[batchSize, 3F]`.
    /// - Complexity: O(batchSize × sequenceLength × d × Σw·F).
    public func pooledFeatures(_ batch: TokenBatch) -> Matrix {
        let embedded = embed(batch)
        let layout = SequenceLayout(batch: batch)
        let pooled = embedded.values.withUnsafeBufferPointer { convolutions.forward(input: $0.baseAddress!, layout: layout) }
        return Matrix(rowCount: batch.batchSize, columnCount: convolutions.outputCount, values: pooled.maxima.map { max($0, 0) })
    }
}
