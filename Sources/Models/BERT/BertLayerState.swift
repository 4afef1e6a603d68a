/// The activations of one encoder layer over a batch of `N = B·L` rows that its backward pass
/// reads (and, in inference, scratch reused from layer to layer).
final class BertLayerState {
    /// `[N, 3H]`: the query, key and value projections side by side.
    let queryKeyValue: BertBuffer
    /// `[B, heads, L, L]` attention probabilities (before dropout).
    let probabilities: BertBuffer
    /// Attention-probability dropout multipliers, shaped like `probabilities`; nil without dropout.
    var attentionKeep: BertBuffer?
    /// `[N, H]` attention context `P · V` (zero on padded rows).
    let context: BertBuffer
    /// Dropout multipliers `[N, H]` on the attention output projection; nil without dropout.
    var attentionOutputKeep: BertBuffer?
    /// `[N, H]` normalised rows and `[N]` inverse deviations of the attention LayerNorm.
    let attentionNormalized: BertBuffer
    let attentionInverseDeviations: BertBuffer
    /// `[N, H]` the attention sub-layer's output `h₁`.
    let attentionOutput: BertBuffer
    /// `[N, I]` feed-forward pre-activations and their GELU.
    let intermediate: BertBuffer
    let activated: BertBuffer
    /// Dropout multipliers `[N, H]` on the feed-forward output; nil without dropout.
    var outputKeep: BertBuffer?
    /// `[N, H]` normalised rows and `[N]` inverse deviations of the output LayerNorm.
    let outputNormalized: BertBuffer
    let outputInverseDeviations: BertBuffer
    /// `[N, H]` the layer's output `h₂`.
    let output: BertBuffer

    /// Zeroed buffers for `rowCount` rows of a batch whose attention probabilities take `probabilityCount` values.
    init(rowCount: Int, hiddenSize: Int, intermediateSize: Int, probabilityCount: Int) {
        queryKeyValue = BertBuffer(count: rowCount * 3 * hiddenSize)
        probabilities = BertBuffer(count: probabilityCount)
        context = BertBuffer(count: rowCount * hiddenSize)
        attentionNormalized = BertBuffer(count: rowCount * hiddenSize)
        attentionInverseDeviations = BertBuffer(count: rowCount)
        attentionOutput = BertBuffer(count: rowCount * hiddenSize)
        intermediate = BertBuffer(count: rowCount * intermediateSize)
        activated = BertBuffer(count: rowCount * intermediateSize)
        outputNormalized = BertBuffer(count: rowCount * hiddenSize)
        outputInverseDeviations = BertBuffer(count: rowCount)
        output = BertBuffer(count: rowCount * hiddenSize)
    }
}
