/// Scratch buffers of one backward pass, reused from layer to layer.
final class BertBackwardWorkspace {
    /// `[N, H]` the gradient entering a dense branch (after its dropout).
    let branch: BertBuffer
    /// `[N, I]` the feed-forward hidden gradient.
    let intermediate: BertBuffer
    /// `[N, H]` the attention context gradient.
    let context: BertBuffer
    /// `[N, 3H]` query, key and value gradients (padded rows stay zero).
    let queryKeyValue: BertBuffer

    init(rowCount: Int, hiddenSize: Int, intermediateSize: Int, sequenceLength: Int) {
        branch = BertBuffer(count: rowCount * hiddenSize)
        intermediate = BertBuffer(count: rowCount * intermediateSize)
        context = BertBuffer(count: rowCount * hiddenSize)
        queryKeyValue = BertBuffer(count: rowCount * 3 * hiddenSize)
    }
}
