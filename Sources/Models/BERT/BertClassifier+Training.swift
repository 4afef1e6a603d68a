import LinearAlgebra

/// The word-piece embedding gradient of a BERT training batch.
public typealias BertEmbeddingGradient = EmbeddingRowGradient

extension BertClassifier {
    /// One training-mode pass (dropout drawn from `generator` when non-nil; nil = no dropout,
    /// deterministic) over `batch`: the mean softmax cross-entropy against `labels`; adds the
    /// gradient of every tensor except `wordEmbeddings` to `gradients` (same layout as
    /// `parameters`) and returns the loss and the word-embedding gradient as summed rows for the
    /// distinct token ids the batch used (padding excluded).
    /// - Complexity: one forward and one full backward pass, about three forward passes' work.
    public func accumulateGradients(batch: TokenBatch, labels: [Int], generator: inout SplitMix64?, gradients: inout BertParameters)
        -> (loss: Double, embeddingGradient: BertEmbeddingGradient) {
        precondition(labels.count == batch.batchSize, "Expected \(batch.batchSize) labels, got \(labels.count)")
        precondition(gradients.layers.count == parameters.layers.count && gradients.poolerBias.count == parameters.poolerBias.count,
                     "Gradient accumulator does not have the model's layout; create it with BertParameters.zeros(like:)")
        let embedded = embed(batch)
        let hidden = embeddingDimension
        let pass = embedded.values.withUnsafeBufferPointer {
            forward(embedded: $0.baseAddress!, batch: batch, recording: true, generator: &generator)
        }
        let (loss, logitGradient) = softmaxCrossEntropy(logits: pass.logits, labels: labels)
        var inputGradient = [Float](repeating: 0, count: embedded.values.count)
        inputGradient.withUnsafeMutableBufferPointer { target in
            withUnsafeMutablePointer(to: &gradients) { gradientPointer in
                backward(pass: pass, logitGradient: logitGradient, gradients: gradientPointer, embeddedGradient: target.baseAddress!)
            }
        }
        let rows = inputGradient.withUnsafeBufferPointer {
            EmbeddingRowGradient(placements: batch.unpaddedPlacements, gradient: $0.baseAddress!, width: hidden)
        }
        return (loss, rows)
    }
}
