import Foundation
import LinearAlgebra

extension BertClassifier {
    /// The forward pass over `embedded` word-piece rows `[B·L, H]`: position and token-type
    /// embeddings are added, then the embedding LayerNorm, every encoder layer and the head.
    /// Dropout masks are drawn from `generator` when it is non-nil (training), in the order
    /// embeddings; per layer attention probabilities, attention output, feed-forward output; head.
    /// With `recording` every layer keeps its own activations for `backward`.
    /// - Complexity: O(layerCount × (B·L·H·(4H + 2I) + B·L²·H)), the dense products one
    ///   `cblas_sgemm` each over all B·L rows.
    func forward(embedded: UnsafePointer<Float>, batch: TokenBatch, recording: Bool, generator: inout SplitMix64?) -> BertForwardPass {
        let configuration = self.configuration, parameters = self.parameters
        let hidden = configuration.hiddenSize, length = batch.sequenceLength, batchSize = batch.batchSize
        let rowCount = batchSize * length
        precondition(batchSize > 0, "Cannot run the model on an empty batch")
        precondition(length <= configuration.maximumPositionCount,
                     "Sequence length \(length) exceeds the model's \(configuration.maximumPositionCount) positions; truncate the input")
        precondition(batch.lengths.allSatisfy { $0 >= 1 && $0 <= length },
                     "Every sequence needs between 1 and \(length) tokens, got lengths \(batch.lengths)")

        // Embeddings: word + position + token type 0, LayerNorm, dropout.
        let embeddingOutput = BertBuffer(count: rowCount * hidden)
        parameters.positionEmbeddings.values.withUnsafeBufferPointer { positions in
            parameters.tokenTypeEmbeddings.values.withUnsafeBufferPointer { types in
                for row in 0..<rowCount {
                    let target = embeddingOutput.pointer + row * hidden, word = embedded + row * hidden
                    let position = positions.baseAddress! + (row % length) * hidden
                    for column in 0..<hidden { target[column] = word[column] + position[column] + types[column] }
                }
            }
        }
        let embeddingNormalized = BertBuffer(count: rowCount * hidden)
        let embeddingInverseDeviations = BertBuffer(count: rowCount)
        parameters.embeddingNormWeight.withUnsafeBufferPointer { weight in
            parameters.embeddingNormBias.withUnsafeBufferPointer { bias in
                layerNormalizationForward(input: embeddingOutput.pointer, rowCount: rowCount, width: hidden,
                                          weight: weight.baseAddress!, bias: bias.baseAddress!, epsilon: configuration.layerNormEpsilon,
                                          output: embeddingOutput.pointer, normalized: embeddingNormalized.pointer,
                                          inverseDeviations: embeddingInverseDeviations.pointer)
            }
        }
        let embeddingKeep = bertDropoutMultipliers(count: rowCount * hidden, rate: configuration.hiddenDropout, generator: &generator)
        bertApplyDropout(embeddingKeep, to: embeddingOutput.pointer, count: rowCount * hidden)

        // Encoder layers.
        let attention = attentionHeads(batch)
        func newState() -> BertLayerState {
            BertLayerState(rowCount: rowCount, hiddenSize: hidden, intermediateSize: configuration.intermediateSize,
                           probabilityCount: attention.probabilityCount)
        }
        var states: [BertLayerState] = []
        var input = UnsafePointer(embeddingOutput.pointer)
        var finalState: BertLayerState?
        for index in 0..<configuration.layerCount {
            let state: BertLayerState
            if recording || states.count < 2 {
                state = newState()
                states.append(state)
            } else {
                state = states[index % 2]
            }
            forwardLayer(index, input: input, state: state, attention: attention, generator: &generator)
            input = UnsafePointer(state.output.pointer)
            finalState = state
        }
        guard let finalState else { preconditionFailure("A BertClassifier needs at least one layer") }

        // Head: [CLS] → (pooler) → dropout → classifier.
        var classification = [Float](repeating: 0, count: batchSize * hidden)
        classification.withUnsafeMutableBufferPointer { target in
            for sequence in 0..<batchSize {
                (target.baseAddress! + sequence * hidden).update(from: finalState.output.pointer + sequence * length * hidden, count: hidden)
            }
        }
        var pooled: [Float] = []
        if configuration.usesPooler {
            pooled = [Float](repeating: 0, count: batchSize * hidden)
            classification.withUnsafeBufferPointer { source in
                pooled.withUnsafeMutableBufferPointer { target in
                    bertDenseForward(input: source.baseAddress!, rowCount: batchSize, inputWidth: hidden,
                                     weight: parameters.poolerWeight.values, bias: parameters.poolerBias, output: target.baseAddress!)
                    for index in target.indices { target[index] = tanhf(target[index]) }
                }
            }
        }
        var headInput = configuration.usesPooler ? pooled : classification
        let headKeep = bertDropoutMultipliers(count: batchSize * hidden, rate: configuration.hiddenDropout, generator: &generator)
        headInput.withUnsafeMutableBufferPointer { bertApplyDropout(headKeep, to: $0.baseAddress!, count: $0.count) }
        var logits = Matrix(rowCount: batchSize, columnCount: configuration.classCount)
        headInput.withUnsafeBufferPointer { source in
            logits.values.withUnsafeMutableBufferPointer { target in
                bertDenseForward(input: source.baseAddress!, rowCount: batchSize, inputWidth: hidden,
                                 weight: parameters.classifierWeight.values, bias: parameters.classifierBias, output: target.baseAddress!)
            }
        }
        return BertForwardPass(batchSize: batchSize, sequenceLength: length, lengths: batch.lengths,
                               embeddingNormalized: embeddingNormalized, embeddingInverseDeviations: embeddingInverseDeviations,
                               embeddingKeep: embeddingKeep, embeddingOutput: embeddingOutput,
                               layers: recording ? states : [], finalState: finalState, classification: classification,
                               pooled: pooled, headKeep: headKeep, headInput: headInput, logits: logits)
    }

    /// The attention geometry of `batch` for this configuration.
    func attentionHeads(_ batch: TokenBatch) -> AttentionHeads {
        AttentionHeads(batchSize: batch.batchSize, sequenceLength: batch.sequenceLength, lengths: batch.lengths,
                       headCount: configuration.headCount, headSize: configuration.headSize)
    }

    /// One encoder layer from `input` `[N, H]` into `state` (its `output` the layer's result).
    private func forwardLayer(_ index: Int, input: UnsafePointer<Float>, state: BertLayerState, attention: AttentionHeads,
                              generator: inout SplitMix64?) {
        let configuration = self.configuration, layer = parameters.layers[index]
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        let rowCount = attention.batchSize * attention.sequenceLength

        // Self-attention.
        bertDenseForward(input: input, rowCount: rowCount, inputWidth: hidden, weight: layer.queryWeight.values,
                         bias: layer.queryBias, output: state.queryKeyValue.pointer, outputStride: 3 * hidden)
        bertDenseForward(input: input, rowCount: rowCount, inputWidth: hidden, weight: layer.keyWeight.values,
                         bias: layer.keyBias, output: state.queryKeyValue.pointer + hidden, outputStride: 3 * hidden)
        bertDenseForward(input: input, rowCount: rowCount, inputWidth: hidden, weight: layer.valueWeight.values,
                         bias: layer.valueBias, output: state.queryKeyValue.pointer + 2 * hidden, outputStride: 3 * hidden)
        state.attentionKeep = bertDropoutMultipliers(count: attention.probabilityCount, rate: configuration.attentionDropout,
                                                     generator: &generator)
        attention.forward(queryKeyValue: state.queryKeyValue.pointer, probabilities: state.probabilities.pointer,
                          keep: state.attentionKeep, context: state.context.pointer)

        // Output projection, dropout, residual, LayerNorm.
        let sum = state.attentionOutput.pointer
        bertDenseForward(input: state.context.pointer, rowCount: rowCount, inputWidth: hidden,
                         weight: layer.attentionOutputWeight.values, bias: layer.attentionOutputBias, output: sum)
        state.attentionOutputKeep = dropoutResidualNormalization(sum, residual: input, rowCount: rowCount, weight: layer.attentionNormWeight,
                                                                 bias: layer.attentionNormBias, normalized: state.attentionNormalized,
                                                                 inverseDeviations: state.attentionInverseDeviations, generator: &generator)

        // Feed-forward: GELU(h₁ W₁ᵀ + b₁) W₂ᵀ + b₂, dropout, residual, LayerNorm.
        bertDenseForward(input: state.attentionOutput.pointer, rowCount: rowCount, inputWidth: hidden,
                         weight: layer.intermediateWeight.values, bias: layer.intermediateBias, output: state.intermediate.pointer)
        geluForward(state.intermediate.pointer, output: state.activated.pointer, count: rowCount * intermediate)
        let output = state.output.pointer
        bertDenseForward(input: state.activated.pointer, rowCount: rowCount, inputWidth: intermediate,
                         weight: layer.outputWeight.values, bias: layer.outputBias, output: output)
        state.outputKeep = dropoutResidualNormalization(output, residual: state.attentionOutput.pointer, rowCount: rowCount,
                                                        weight: layer.outputNormWeight, bias: layer.outputNormBias,
                                                        normalized: state.outputNormalized,
                                                        inverseDeviations: state.outputInverseDeviations, generator: &generator)
    }

    /// Hidden dropout on `values` `[rowCount, H]`, then LayerNorm of `values + residual` in place,
    /// recording the normalized rows and inverse deviations; returns the dropout multipliers (nil: none).
    private func dropoutResidualNormalization(_ values: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>, rowCount: Int,
                                              weight: [Float], bias: [Float], normalized: BertBuffer, inverseDeviations: BertBuffer,
                                              generator: inout SplitMix64?) -> BertBuffer? {
        let hidden = configuration.hiddenSize
        let keep = bertDropoutMultipliers(count: rowCount * hidden, rate: configuration.hiddenDropout, generator: &generator)
        bertApplyDropout(keep, to: values, count: rowCount * hidden)
        weight.withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                layerNormalizationForward(input: values, residual: residual, rowCount: rowCount, width: hidden, weight: weight.baseAddress!,
                                          bias: bias.baseAddress!, epsilon: configuration.layerNormEpsilon, output: values,
                                          normalized: normalized.pointer, inverseDeviations: inverseDeviations.pointer)
            }
        }
        return keep
    }
}
