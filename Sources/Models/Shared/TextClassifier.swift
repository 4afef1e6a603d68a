import LinearAlgebra

/// A classifier whose logits are differentiable with respect to its input embeddings (the Kim
/// CNN, the BERT encoder, any family registered in `ModelFamilyRegistry`).
///
/// Embedded batches are `[batchSize * sequenceLength, embeddingDimension]` row-major, the
/// rows of sequence `b` starting at `b * sequenceLength`; rows past a sequence's length are
/// padding and never influence a result.
public protocol TextClassifier: AnyObject {
    /// Number of output classes.
    var classCount: Int { get }
    /// Width `d` of an input embedding.
    var embeddingDimension: Int { get }
    /// The input embedding table, `[vocabularySize, embeddingDimension]`.
    var embeddingTable: Matrix { get }
    /// A stable hex digest of the configuration and every weight.
    var fingerprint: String { get }
    /// The shortest padded length the model accepts (the widest filter for the CNN).
    var minimumSequenceLength: Int { get }
    /// The token id used to pad batches.
    var padID: Int32 { get }
    /// Looks up the input embeddings, `[batchSize * sequenceLength, d]`; padding rows are zero.
    func embed(_ batch: TokenBatch) -> Matrix
    /// Logits in inference mode (no dropout), `[batchSize, classCount]`.
    func logits(embedded: Matrix, batch: TokenBatch) -> Matrix
    /// Logits `[batchSize, classCount]` and the gradient of `logit[b, targets[b]]` with respect
    /// to `embedded`, `[batchSize * sequenceLength, d]`, in inference mode.
    func inputGradient(embedded: Matrix, batch: TokenBatch, targets: [Int]) -> (logits: Matrix, gradient: Matrix)
    /// Like `inputGradient(embedded:batch:targets:)`, with the targets chosen from the logits
    /// `[batchSize, classCount]` by `chooseTargets` (for example the predicted class).
    func inputGradient(embedded: Matrix, batch: TokenBatch, chooseTargets: (Matrix) -> [Int])
        -> (logits: Matrix, targets: [Int], gradient: Matrix)
    /// The example representation the output layer reads, `[batchSize, representationWidth]`
    /// (the CNN's pooled features, `3 * filterCount` wide, or its hidden activations,
    /// `hiddenSize` wide, when it has a hidden layer).
    func features(_ batch: TokenBatch) -> Matrix
}

extension TextClassifier {
    /// Padding id 0 unless the model says otherwise.
    public var padID: Int32 { 0 }

    /// Two passes: logits, then the gradient for the chosen targets. Models that can pick the
    /// targets between their forward and backward pass override this.
    public func inputGradient(embedded: Matrix, batch: TokenBatch, chooseTargets: (Matrix) -> [Int])
        -> (logits: Matrix, targets: [Int], gradient: Matrix) {
        let targets = chooseTargets(logits(embedded: embedded, batch: batch))
        let result = inputGradient(embedded: embedded, batch: batch, targets: targets)
        return (result.logits, targets, result.gradient)
    }

    /// Logits in inference mode, `[batchSize, classCount]`.
    public func logits(_ batch: TokenBatch) -> Matrix {
        logits(embedded: embed(batch), batch: batch)
    }

    /// Class probabilities (softmax of the logits), `[batchSize, classCount]`.
    public func probabilities(_ batch: TokenBatch) -> Matrix {
        var result = logits(batch)
        softmaxRows(&result)
        return result
    }

    /// A batch of `sequences` padded with this model's pad id to at least its minimum length.
    public func batch(_ sequences: [[Int32]]) -> TokenBatch {
        TokenBatch(sequences: sequences, padID: padID, minimumLength: minimumSequenceLength)
    }
}

/// A classifier that picks the targets between its one forward and its one backward pass: it
/// implements `inputGradient(embedded:batch:chooseTargets:)` and gets the fixed-target form from it.
public protocol SinglePassGradientClassifier: TextClassifier {}

extension SinglePassGradientClassifier {
    /// Logits and `∂ logit[b, targets[b]] / ∂ embedded`, `[batchSize * sequenceLength, d]`, in one
    /// forward and one backward pass.
    public func inputGradient(embedded: Matrix, batch: TokenBatch, targets: [Int]) -> (logits: Matrix, gradient: Matrix) {
        let result = inputGradient(embedded: embedded, batch: batch) { _ in targets }
        return (result.logits, result.gradient)
    }
}

extension TextClassifier {
    /// Stops on an embedded batch that is not `[batchSize * sequenceLength, embeddingDimension]` or is empty.
    public func checkEmbedded(_ embedded: Matrix, batch: TokenBatch) {
        precondition(embedded.rowCount == batch.batchSize * batch.sequenceLength && embedded.columnCount == embeddingDimension,
                     "Embedded batch must be [\(batch.batchSize * batch.sequenceLength), \(embeddingDimension)], got [\(embedded.rowCount), \(embedded.columnCount)]")
        precondition(batch.batchSize > 0, "Cannot run the model on an empty batch")
    }

    /// The gradient that selects logit `targets[b]` of row `b`: `[batchSize, classCount]`, one 1 per row.
    public func targetSelection(_ targets: [Int], batchSize: Int) -> Matrix {
        precondition(targets.count == batchSize, "Expected \(batchSize) targets, got \(targets.count)")
        var selection = Matrix(rowCount: batchSize, columnCount: classCount)
        for (row, target) in targets.enumerated() {
            precondition(target >= 0 && target < classCount, "Target class \(target) outside 0..<\(classCount)")
            selection[row, target] = 1
        }
        return selection
    }
}
