import Foundation
import LinearAlgebra

/// A BERT-style encoder with a sequence-classification head (Hugging Face
/// `BertForSequenceClassification` semantics), on the CPU with explicit forward and backward
/// passes through BLAS: word-piece + position + token-type embeddings → LayerNorm → encoder
/// layers (multi-head self-attention over the real tokens, residual + LayerNorm, exact-GELU
/// feed-forward, residual + LayerNorm) → the `[CLS]` state → optional `tanh` pooler → linear.
///
/// Batches are `[batchSize, sequenceLength]` padded with `padID`; padded positions are never
/// attended to, so a sequence gets the same result alone or in any padded batch. Reading a
/// model from several threads at once is safe; change `parameters` only while nobody reads and
/// call `weightsDidChange()` afterwards.
public final class BertClassifier: SinglePassGradientClassifier, @unchecked Sendable {
    /// The model's shape and hyper-parameters.
    public let configuration: BertConfiguration
    /// Every weight, PyTorch layout.
    public var parameters: BertParameters

    private let fingerprintCache = FingerprintCache()

    /// A model with the given weights, whose shapes must match `configuration`.
    public init(configuration: BertConfiguration, parameters: BertParameters) {
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        func check(_ name: String, _ count: Int, _ expected: [Int]) {
            precondition(count == expected.reduce(1, *), "\(name) has \(count) values, expected shape \(expected)")
        }
        check("word embeddings", parameters.wordEmbeddings.values.count, [configuration.vocabularySize, hidden])
        check("position embeddings", parameters.positionEmbeddings.values.count, [configuration.maximumPositionCount, hidden])
        precondition(parameters.tokenTypeEmbeddings.rowCount >= 1 && parameters.tokenTypeEmbeddings.columnCount == hidden,
                     "token-type embeddings are [\(parameters.tokenTypeEmbeddings.rowCount), \(parameters.tokenTypeEmbeddings.columnCount)], expected at least one row of \(hidden)")
        check("embedding LayerNorm weight", parameters.embeddingNormWeight.count, [hidden])
        check("embedding LayerNorm bias", parameters.embeddingNormBias.count, [hidden])
        precondition(parameters.layers.count == configuration.layerCount,
                     "\(parameters.layers.count) encoder layers, expected \(configuration.layerCount)")
        for (index, layer) in parameters.layers.enumerated() {
            let shapes: [(name: String, count: Int, shape: [Int])] = [
                ("query weight", layer.queryWeight.values.count, [hidden, hidden]), ("query bias", layer.queryBias.count, [hidden]),
                ("key weight", layer.keyWeight.values.count, [hidden, hidden]), ("key bias", layer.keyBias.count, [hidden]),
                ("value weight", layer.valueWeight.values.count, [hidden, hidden]), ("value bias", layer.valueBias.count, [hidden]),
                ("attention output weight", layer.attentionOutputWeight.values.count, [hidden, hidden]),
                ("attention output bias", layer.attentionOutputBias.count, [hidden]),
                ("attention LayerNorm weight", layer.attentionNormWeight.count, [hidden]),
                ("attention LayerNorm bias", layer.attentionNormBias.count, [hidden]),
                ("intermediate weight", layer.intermediateWeight.values.count, [intermediate, hidden]),
                ("intermediate bias", layer.intermediateBias.count, [intermediate]),
                ("output weight", layer.outputWeight.values.count, [hidden, intermediate]), ("output bias", layer.outputBias.count, [hidden]),
                ("output LayerNorm weight", layer.outputNormWeight.count, [hidden]),
                ("output LayerNorm bias", layer.outputNormBias.count, [hidden]),
            ]
            for (name, count, shape) in shapes { check("layer \(index) \(name)", count, shape) }
        }
        check("pooler weight", parameters.poolerWeight.values.count, configuration.usesPooler ? [hidden, hidden] : [0])
        check("pooler bias", parameters.poolerBias.count, configuration.usesPooler ? [hidden] : [0])
        check("classifier weight", parameters.classifierWeight.values.count, [configuration.classCount, hidden])
        check("classifier bias", parameters.classifierBias.count, [configuration.classCount])
        self.configuration = configuration
        self.parameters = parameters
    }

    /// Number of output classes.
    public var classCount: Int { configuration.classCount }
    /// Width `H` of a word-piece embedding.
    public var embeddingDimension: Int { configuration.hiddenSize }
    /// The word-piece embedding table, `[vocabularySize, H]`.
    public var embeddingTable: Matrix { parameters.wordEmbeddings }
    /// Any length works: attention needs no minimum window.
    public var minimumSequenceLength: Int { 1 }
    /// The configured pad id.
    public var padID: Int32 { configuration.padID }

    /// SHA-256 of the configuration (sorted-key JSON) and every tensor (name, shape, F32
    /// little-endian bytes) in `parameters.tensors` order, in hex. Cached until `weightsDidChange()`.
    public var fingerprint: String {
        fingerprintCache.value {
            ModelFingerprint.hex(architecture: "bert-classifier", configuration: configuration,
                                 tensors: parameters.tensors.map { ($0.name, $0.shape, parameters[keyPath: $0.path]) })
        }
    }

    /// Call after changing `parameters` (recomputes the cached fingerprint).
    public func weightsDidChange() {
        fingerprintCache.reset()
    }

    /// Looks up the word-piece rows only, `[batchSize * sequenceLength, H]`; padding rows stay
    /// zero (position and token-type embeddings and the LayerNorm are applied inside `logits`).
    /// - Complexity: O(batchSize × sequenceLength × H).
    public func embed(_ batch: TokenBatch) -> Matrix {
        batch.embeddingRows(from: parameters.wordEmbeddings)
    }

    /// Logits in inference mode (no dropout), `[batchSize, classCount]`.
    /// - Complexity: one forward pass, O(layerCount × B·L·H·(4H + 2I + L)).
    public func logits(embedded: Matrix, batch: TokenBatch) -> Matrix {
        checkEmbedded(embedded, batch: batch)
        var generator: SplitMix64? = nil
        return embedded.values.withUnsafeBufferPointer {
            forward(embedded: $0.baseAddress!, batch: batch, recording: false, generator: &generator).logits
        }
    }

    /// Logits, the targets chosen from them, and the gradient of each chosen logit with respect
    /// to `embedded`, in one forward and one backward pass.
    public func inputGradient(embedded: Matrix, batch: TokenBatch, chooseTargets: (Matrix) -> [Int])
        -> (logits: Matrix, targets: [Int], gradient: Matrix) {
        checkEmbedded(embedded, batch: batch)
        var generator: SplitMix64? = nil
        let pass = embedded.values.withUnsafeBufferPointer {
            forward(embedded: $0.baseAddress!, batch: batch, recording: true, generator: &generator)
        }
        let targets = chooseTargets(pass.logits)
        let logitGradient = targetSelection(targets, batchSize: batch.batchSize)
        var gradient = Matrix(rowCount: embedded.rowCount, columnCount: embedded.columnCount)
        gradient.values.withUnsafeMutableBufferPointer {
            backward(pass: pass, logitGradient: logitGradient, gradients: nil, embeddedGradient: $0.baseAddress!)
        }
        return (pass.logits, targets, gradient)
    }

    /// The last-layer `[CLS]` hidden state of every sequence, `[batchSize, H]`, in inference mode
    /// (not pooled: the `cls` representation baseline).
    /// - Complexity: one forward pass.
    public func features(_ batch: TokenBatch) -> Matrix {
        let embedded = embed(batch)
        var generator: SplitMix64? = nil
        let pass = embedded.values.withUnsafeBufferPointer {
            forward(embedded: $0.baseAddress!, batch: batch, recording: false, generator: &generator)
        }
        return Matrix(rowCount: batch.batchSize, columnCount: embeddingDimension, values: pass.classification)
    }

    /// Last-layer hidden states `[batchSize * sequenceLength, H]` in inference mode (for parity
    /// checks against a reference); padded rows hold unspecified values.
    /// - Complexity: one forward pass.
    public func hiddenStates(_ batch: TokenBatch) -> Matrix {
        let embedded = embed(batch)
        var generator: SplitMix64? = nil
        let pass = embedded.values.withUnsafeBufferPointer {
            forward(embedded: $0.baseAddress!, batch: batch, recording: false, generator: &generator)
        }
        return Matrix(rowCount: embedded.rowCount, columnCount: embeddingDimension, values: pass.finalState.output.array)
    }
}
