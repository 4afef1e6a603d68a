import LinearAlgebra

/// Everything a `BertClassifier` forward pass computed that its backward pass needs.
struct BertForwardPass {
    /// Sequences and padded length of the batch.
    var batchSize: Int
    var sequenceLength: Int
    var lengths: [Int]
    /// `[N, H]` normalised rows and `[N]` inverse deviations of the embedding LayerNorm.
    var embeddingNormalized: BertBuffer
    var embeddingInverseDeviations: BertBuffer
    /// Dropout multipliers `[N, H]` after the embedding LayerNorm; nil without dropout.
    var embeddingKeep: BertBuffer?
    /// `[N, H]` the first layer's input.
    var embeddingOutput: BertBuffer
    /// Every layer's state when recorded for a backward pass; otherwise the (at most two) states
    /// reused in turn, the last layer's output in `finalState`.
    var layers: [BertLayerState]
    var finalState: BertLayerState
    /// `[B, H]` the last-layer `[CLS]` rows.
    var classification: [Float]
    /// `[B, H]` the pooler's `tanh` output; empty without a pooler.
    var pooled: [Float]
    /// Dropout multipliers `[B, H]` before the classifier; nil without dropout.
    var headKeep: BertBuffer?
    /// `[B, H]` what the classifier reads (pooled or `[CLS]`, after dropout).
    var headInput: [Float]
    /// `[B, classCount]`.
    var logits: Matrix
}
