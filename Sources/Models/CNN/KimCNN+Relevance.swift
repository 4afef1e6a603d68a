import LinearAlgebra

/// The denominator of the ε-rule: `z + ε·sign(z)` (sign(0) = +1); with ε = 0 a zero `z` stays zero
/// and `stabilizedShare` then gives 0 (the unit carries no relevance).
@inline(__always) func stabilized(_ value: Float, epsilon: Float) -> Float {
    value >= 0 ? value + epsilon : value - epsilon
}

/// `relevance / (z + ε·sign z)`, or 0 when that denominator is 0.
@inline(__always) func stabilizedShare(_ relevance: Float, of value: Float, epsilon: Float) -> Float {
    let denominator = stabilized(value, epsilon: epsilon)
    return denominator == 0 ? 0 : relevance / denominator
}

/// The max-pooling trace of one token sequence through a `KimCNN`'s convolutions: for every pooled
/// feature (filter) the winning window and its pooled value, and each window token's share of that
/// value (`e_t · w_tap`, summed over the embedding dimension). Everything LRP-ε and the exact
/// decomposition need below the dense layers, without touching the embeddings again.
///
/// Features are numbered width-major, as in `pooledFeatures`: feature `i·F + f` is filter `f` of
/// width `filterWidths[i]`.
public struct KimCNNPoolingTrace: Sendable {
    /// Number of tokens of the sequence.
    public let tokenCount: Int
    /// Pooled features, `3F` (widths × filters).
    public let featureCount: Int
    /// The widest filter: the stride of `tapContributions`.
    public let maximumWidth: Int
    /// First token of each feature's winning window, `[featureCount]`.
    public let windowStarts: [Int]
    /// Tokens the winning window covers, `[featureCount]`: the filter width, or fewer when the
    /// sequence is shorter than the filter.
    public let windowWidths: [Int]
    /// The pooled pre-activation of each feature (its maximum window response, bias included), `[featureCount]`.
    public let pooledValues: [Float]
    /// Each feature's filter bias, `[featureCount]`.
    public let biases: [Float]
    /// `[featureCount, maximumWidth]`: entry `(k, j)` is `e_{start+j} · w_{tap j of k}`, the share of
    /// window token `j` in feature `k`'s pooled value; entries past `windowWidths[k]` are 0.
    /// `pooledValues[k] = biases[k] + Σ_j tapContributions[k, j]`.
    public let tapContributions: [Float]

    /// The rectified feature value `max(pooledValues[k], 0)`, the input of the dense layers.
    public func featureValue(_ feature: Int) -> Float { max(pooledValues[feature], 0) }

    /// The ε-rule through max-pooling and the convolution: relevance `featureRelevance`
    /// (`[featureCount]`, one value per pooled feature) goes to each feature's winning window only,
    /// token `start + j` receiving `tapContributions[k, j] · R_k / (c_k + ε·sign c_k)`, summed over
    /// features. Returns `[tokenCount]`; with ε = 0 the tokens of a window receive `R_k` minus the
    /// bias's share `b_k · R_k / c_k`. Features whose pooled value is not positive (ReLU off) pass nothing.
    /// - Complexity: O(featureCount × maximumWidth).
    public func tokenRelevance(featureRelevance: [Float], epsilon: Float) -> [Float] {
        precondition(featureRelevance.count == featureCount, "Relevance over \(featureRelevance.count) features, expected \(featureCount)")
        var result = [Float](repeating: 0, count: tokenCount)
        result.withUnsafeMutableBufferPointer { target in
            tapContributions.withUnsafeBufferPointer { taps in
                for feature in 0..<featureCount where pooledValues[feature] > 0 && featureRelevance[feature] != 0 {
                    let share = stabilizedShare(featureRelevance[feature], of: pooledValues[feature], epsilon: epsilon)
                    let start = windowStarts[feature], row = feature * maximumWidth
                    for tap in 0..<windowWidths[feature] { target[start + tap] += taps[row + tap] * share }
                }
            }
        }
        return result
    }

    /// The ε-rule for one feature alone with relevance `relevance` (by default the feature's own
    /// value, FIND's "what does this feature detect"): the relevance of each token of its winning
    /// window, as `(token, relevance)` pairs in token order; empty when the feature is off.
    /// - Complexity: O(filter width).
    public func tokenRelevance(feature: Int, relevance: Float? = nil, epsilon: Float) -> [(token: Int, relevance: Float)] {
        precondition(feature >= 0 && feature < featureCount, "Feature \(feature) outside 0..<\(featureCount)")
        guard pooledValues[feature] > 0 else { return [] }
        let share = stabilizedShare(relevance ?? featureValue(feature), of: pooledValues[feature], epsilon: epsilon)
        let start = windowStarts[feature], row = feature * maximumWidth
        return (0..<windowWidths[feature]).map { (start + $0, tapContributions[row + $0] * share) }
    }
}

/// LRP-ε relevance of one class logit of one sequence through a `KimCNN` (docs/METHOD.md, LRP).
public struct KimCNNRelevance: Sendable {
    /// The explained class.
    public let target: Int
    /// The class logit `z_c` the relevance starts from.
    public let logit: Float
    /// Every class's logit, `[classCount]`.
    public let logits: [Float]
    /// Relevance of every token, `[tokenCount]`, summed over the embedding dimension.
    public let tokenRelevance: [Float]
    /// Relevance of every pooled feature, `[featureCount]` (what the dense layers pass down).
    public let featureRelevance: [Float]
    /// Relevance absorbed by the biases on the way down (output, hidden and filter biases). With
    /// ε = 0, `Σ tokenRelevance + biasRelevance = logit` up to rounding.
    public let biasRelevance: Float
    /// The max-pooling trace the token relevance came from.
    public let trace: KimCNNPoolingTrace

    /// `logit − biasRelevance − Σ tokenRelevance`: what ε (and rounding) absorbed.
    public var conservationGap: Float { logit - biasRelevance - tokenRelevance.reduce(0, +) }
}

extension KimCNN {
    /// The max-pooling trace of every sequence of `sequences`, in order, from one batched forward pass.
    /// - Complexity: one convolution GEMM over the batch plus O(batchSize × 3F × maxWidth × d).
    public func poolingTraces(_ sequences: [[Int32]]) -> [KimCNNPoolingTrace] {
        guard !sequences.isEmpty else { return [] }
        let batch = self.batch(sequences)
        let embedded = embed(batch)
        let layout = SequenceLayout(batch: batch)
        let pooled = embedded.values.withUnsafeBufferPointer { convolutions.forward(input: $0.baseAddress!, layout: layout) }
        return embedded.values.withUnsafeBufferPointer { traces(pooled: pooled, input: $0.baseAddress!, layout: layout) }
    }

    /// Traces from a finished forward pass: each winning window's tap contributions `e_t · w_tap`.
    func traces(pooled: PooledConvolutions.Pooled, input: UnsafePointer<Float>, layout: SequenceLayout) -> [KimCNNPoolingTrace] {
        let widths = convolutions.widths, filterCount = convolutions.filterCount, featureCount = convolutions.outputCount
        let dimension = convolutions.inputDimension, maximumWidth = widths.max() ?? 1
        var featureBiases = [Float](repeating: 0, count: featureCount)
        for index in widths.indices { for filter in 0..<filterCount { featureBiases[index * filterCount + filter] = convolutions.bias[index * filterCount + filter] } }
        return convolutions.weights.values.withUnsafeBufferPointer { weights in
            (0..<layout.batchSize).map { sequence in
                let offset = layout.offsets[sequence], length = layout.lengths[sequence]
                var starts = [Int](repeating: 0, count: featureCount), windowWidths = [Int](repeating: 0, count: featureCount)
                var contributions = [Float](repeating: 0, count: featureCount * maximumWidth)
                contributions.withUnsafeMutableBufferPointer { target in
                    for (index, width) in widths.enumerated() {
                        for filter in 0..<filterCount {
                            let feature = index * filterCount + filter
                            let start = Int(pooled.positions[sequence * featureCount + feature])
                            let covered = max(min(width, length - start), 0)
                            starts[feature] = start
                            windowWidths[feature] = covered
                            for tap in 0..<covered {
                                let row = input + (offset + start + tap) * dimension
                                let filterRow = weights.baseAddress! + (convolutions.tapOffsets[index] + tap * filterCount + filter) * dimension
                                var sum: Float = 0
                                for column in 0..<dimension { sum += row[column] * filterRow[column] }
                                target[feature * maximumWidth + tap] = sum
                            }
                        }
                    }
                }
                return KimCNNPoolingTrace(tokenCount: length, featureCount: featureCount, maximumWidth: maximumWidth,
                                          windowStarts: starts, windowWidths: windowWidths,
                                          pooledValues: Array(pooled.maxima[(sequence * featureCount)..<((sequence + 1) * featureCount)]),
                                          biases: featureBiases, tapContributions: contributions)
            }
        }
    }

    /// LRP-ε (Bach et al. 2015; the ε-rule `R_j = Σ_k a_j w_jk / (z_k + ε·sign z_k) · R_k`) of the
    /// logit of class `targets[b]` of every sequence, starting from `R = logit`, down the output
    /// layer, the hidden layer's active ReLU units (if any), the pooled features, each feature's
    /// winning pooling window and the convolution taps, summed over the embedding dimension.
    /// `targets` nil explains each sequence's predicted class. ε = 0 is LRP-0, which for this
    /// piecewise-linear network equals Grad×Input token by token, and makes
    /// `Σ tokenRelevance + biasRelevance = logit` (the exact decomposition).
    /// - Complexity: one inference forward pass, O(batchSize × (H × classCount + 3F × H)) for the
    ///   dense layers, and O(batchSize × 3F × maxWidth × d) for the traces.
    public func relevance(_ sequences: [[Int32]], targets: [Int]?, epsilon: Float) -> [KimCNNRelevance] {
        precondition(epsilon >= 0, "ε must be non-negative, got \(epsilon)")
        if let targets { precondition(targets.count == sequences.count, "\(targets.count) targets for \(sequences.count) sequences") }
        guard !sequences.isEmpty else { return [] }
        let batch = self.batch(sequences)
        let embedded = embed(batch)
        let layout = SequenceLayout(batch: batch)
        let pass: (state: ForwardState, traces: [KimCNNPoolingTrace]) = embedded.values.withUnsafeBufferPointer { input in
            let state = forward(input: input.baseAddress!, layout: layout, dropoutMask: nil)
            let windows: [KimCNNPoolingTrace] = self.traces(pooled: state.pooled, input: input.baseAddress!, layout: layout)
            return (state, windows)
        }
        let state = pass.state, traces = pass.traces
        let classCount = self.classCount
        let chosen = targets ?? (0..<batch.batchSize).map { row in
            (0..<classCount).max { state.logits[row, $0] < state.logits[row, $1] }!
        }
        return (0..<batch.batchSize).map { row in
            explain(row: row, target: chosen[row], state: state, trace: traces[row], epsilon: epsilon)
        }
    }

    /// The ε-rule from logit `target` of batch row `row` down to the pooled features and then the tokens.
    private func explain(row: Int, target: Int, state: ForwardState, trace: KimCNNPoolingTrace, epsilon: Float) -> KimCNNRelevance {
        precondition(target >= 0 && target < classCount, "Target class \(target) outside 0..<\(classCount)")
        let logit = state.logits[row, target]
        let representationCount = state.representation.columnCount
        // Output layer: R_h = a_h w_hc · R_c / stab(z_c), R_c = z_c.
        let outputShare = stabilizedShare(logit, of: logit, epsilon: epsilon)
        var biasRelevance = classifier.bias[target] * outputShare
        var representationRelevance = (0..<representationCount).map {
            state.representation[row, $0] * classifier.weights[$0, target] * outputShare
        }
        var featureRelevance: [Float]
        if let hidden {
            // Hidden layer (inactive units carry a_h = 0, hence no relevance): R_f = x_f Σ_h v_fh · R_h / stab(z_h).
            let hiddenCount = hidden.outputCount, featureCount = hidden.inputCount
            var shares = [Float](repeating: 0, count: hiddenCount)
            for unit in 0..<hiddenCount {
                let preActivation = state.hiddenPreActivations[row * hiddenCount + unit]
                guard preActivation > 0 else { continue }
                shares[unit] = stabilizedShare(representationRelevance[unit], of: preActivation, epsilon: epsilon)
                biasRelevance += hidden.bias[unit] * shares[unit]
            }
            featureRelevance = [Float](repeating: 0, count: featureCount)
            hidden.weights.values.withUnsafeBufferPointer { weights in
                for feature in 0..<featureCount {
                    let value = state.features[row, feature]
                    guard value != 0 else { continue }
                    var sum: Float = 0
                    let weightRow = weights.baseAddress! + feature * hiddenCount
                    for unit in 0..<hiddenCount { sum += weightRow[unit] * shares[unit] }
                    featureRelevance[feature] = value * sum
                }
            }
            representationRelevance = []
        } else {
            featureRelevance = representationRelevance
        }
        for feature in 0..<trace.featureCount where trace.pooledValues[feature] > 0 {
            biasRelevance += trace.biases[feature] * stabilizedShare(featureRelevance[feature], of: trace.pooledValues[feature], epsilon: epsilon)
        }
        return KimCNNRelevance(target: target, logit: logit, logits: (0..<classCount).map { state.logits[row, $0] },
                               tokenRelevance: trace.tokenRelevance(featureRelevance: featureRelevance, epsilon: epsilon),
                               featureRelevance: featureRelevance, biasRelevance: biasRelevance, trace: trace)
    }
}
