import LinearAlgebra

extension BertClassifier {
    /// Back-propagates `logitGradient` `[B, classCount]` through a recorded forward `pass`: writes
    /// the gradient with respect to the embedded word-piece rows into `embeddedGradient`
    /// `[B·L, H]` (zero on padded rows) and, when `gradients` is given, adds the gradient of every
    /// tensor except the word embeddings to it.
    /// With `relevance` (LRP, see `BertClassifier+Relevance.swift`) every LayerNorm's σ and the
    /// attention probabilities are held constant.
    /// - Complexity: about twice the forward pass with `gradients`, once without.
    func backward(pass: BertForwardPass, logitGradient: Matrix, gradients: UnsafeMutablePointer<BertParameters>?,
                  embeddedGradient: UnsafeMutablePointer<Float>, relevance: Bool = false) {
        let configuration = self.configuration, parameters = self.parameters
        let hidden = configuration.hiddenSize, batchSize = pass.batchSize, length = pass.sequenceLength
        let rowCount = batchSize * length, classCount = configuration.classCount
        precondition(pass.layers.count == configuration.layerCount, "The backward pass needs a recorded forward pass")
        precondition(logitGradient.rowCount == batchSize && logitGradient.columnCount == classCount,
                     "Logit gradient must be [\(batchSize), \(classCount)], got [\(logitGradient.rowCount), \(logitGradient.columnCount)]")

        // Head: classifier, dropout, pooler.
        var headGradient = [Float](repeating: 0, count: batchSize * hidden)
        logitGradient.values.withUnsafeBufferPointer { dLogits in
            if let gradients {
                pass.headInput.withUnsafeBufferPointer { input in
                    bertDenseParameterGradients(outputGradient: dLogits.baseAddress!, input: input.baseAddress!, rowCount: batchSize,
                                                inputWidth: hidden, weightGradient: &gradients.pointee.classifierWeight.values,
                                                biasGradient: &gradients.pointee.classifierBias)
                }
            }
            headGradient.withUnsafeMutableBufferPointer { target in
                bertDenseInputGradient(outputGradient: dLogits.baseAddress!, rowCount: batchSize, outputWidth: classCount,
                                       inputWidth: hidden, weight: parameters.classifierWeight.values,
                                       inputGradient: target.baseAddress!, accumulate: false)
                bertApplyDropout(pass.headKeep, to: target.baseAddress!, count: target.count)
            }
        }
        var classificationGradient = headGradient
        if configuration.usesPooler {
            headGradient.withUnsafeMutableBufferPointer { dPooled in
                pass.pooled.withUnsafeBufferPointer { pooled in
                    for index in dPooled.indices { dPooled[index] *= 1 - pooled[index] * pooled[index] }
                    if let gradients {
                        pass.classification.withUnsafeBufferPointer { input in
                            bertDenseParameterGradients(outputGradient: dPooled.baseAddress!, input: input.baseAddress!, rowCount: batchSize,
                                                        inputWidth: hidden, weightGradient: &gradients.pointee.poolerWeight.values,
                                                        biasGradient: &gradients.pointee.poolerBias)
                        }
                    }
                }
                classificationGradient.withUnsafeMutableBufferPointer { target in
                    bertDenseInputGradient(outputGradient: dPooled.baseAddress!, rowCount: batchSize, outputWidth: hidden,
                                           inputWidth: hidden, weight: parameters.poolerWeight.values,
                                           inputGradient: target.baseAddress!, accumulate: false)
                }
            }
        }

        // The running gradient [N, H]: nonzero only on the [CLS] rows at first.
        let gradient = BertBuffer(count: rowCount * hidden)
        classificationGradient.withUnsafeBufferPointer { source in
            for sequence in 0..<batchSize {
                (gradient.pointer + sequence * length * hidden).update(from: source.baseAddress! + sequence * hidden, count: hidden)
            }
        }
        let workspace = BertBackwardWorkspace(rowCount: rowCount, hiddenSize: hidden, intermediateSize: configuration.intermediateSize,
                                              sequenceLength: length)
        let attention = AttentionHeads(batchSize: batchSize, sequenceLength: length, lengths: pass.lengths,
                                       headCount: configuration.headCount, headSize: configuration.headSize)
        for index in stride(from: configuration.layerCount - 1, through: 0, by: -1) {
            let input = index == 0 ? pass.embeddingOutput.pointer : pass.layers[index - 1].output.pointer
            backwardLayer(index, state: pass.layers[index], input: input, gradient: gradient.pointer, attention: attention,
                          workspace: workspace, gradients: gradients, relevance: relevance)
        }

        // Embeddings: dropout, LayerNorm, then the sum word + position + type.
        bertApplyDropout(pass.embeddingKeep, to: gradient.pointer, count: rowCount * hidden)
        if let gradients {
            addLayerNormalizationParameterGradients(outputGradient: gradient.pointer, normalized: pass.embeddingNormalized.pointer,
                                                    rowCount: rowCount, width: hidden,
                                                    weightGradient: &gradients.pointee.embeddingNormWeight,
                                                    biasGradient: &gradients.pointee.embeddingNormBias)
        }
        parameters.embeddingNormWeight.withUnsafeBufferPointer { weight in
            layerNormalizationBackward(gradient: gradient.pointer, normalized: pass.embeddingNormalized.pointer,
                                       inverseDeviations: pass.embeddingInverseDeviations.pointer, rowCount: rowCount,
                                       width: hidden, weight: weight.baseAddress!, constantDeviation: relevance)
        }
        embeddedGradient.update(repeating: 0, count: rowCount * hidden)
        for sequence in 0..<batchSize {
            let start = sequence * length * hidden
            (embeddedGradient + start).update(from: gradient.pointer + start, count: pass.lengths[sequence] * hidden)
        }
        guard let gradients else { return }
        gradients.pointee.positionEmbeddings.values.withUnsafeMutableBufferPointer { positions in
            gradients.pointee.tokenTypeEmbeddings.values.withUnsafeMutableBufferPointer { types in
                for sequence in 0..<batchSize {
                    for position in 0..<pass.lengths[sequence] {
                        let source = embeddedGradient + (sequence * length + position) * hidden
                        let target = positions.baseAddress! + position * hidden
                        for column in 0..<hidden {
                            target[column] += source[column]
                            types[column] += source[column]
                        }
                    }
                }
            }
        }
    }

    /// One encoder layer backwards: `gradient` `[N, H]` holds the gradient of the layer's output
    /// on entry and of its input on return.
    private func backwardLayer(_ index: Int, state: BertLayerState, input: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                               attention: AttentionHeads, workspace: BertBackwardWorkspace,
                               gradients: UnsafeMutablePointer<BertParameters>?, relevance: Bool) {
        let layer = parameters.layers[index]
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        let rowCount = attention.batchSize * attention.sequenceLength, elementCount = rowCount * hidden

        // Output LayerNorm; the residual passes the result straight to h₁.
        if let gradients {
            addLayerNormalizationParameterGradients(outputGradient: gradient, normalized: state.outputNormalized.pointer,
                                                    rowCount: rowCount, width: hidden,
                                                    weightGradient: &gradients.pointee.layers[index].outputNormWeight,
                                                    biasGradient: &gradients.pointee.layers[index].outputNormBias)
        }
        layer.outputNormWeight.withUnsafeBufferPointer { weight in
            layerNormalizationBackward(gradient: gradient, normalized: state.outputNormalized.pointer,
                                       inverseDeviations: state.outputInverseDeviations.pointer, rowCount: rowCount,
                                       width: hidden, weight: weight.baseAddress!, constantDeviation: relevance)
        }
        // Feed-forward down-projection (through its dropout), GELU, up-projection.
        let branch = workspace.branch.pointer
        branch.update(from: gradient, count: elementCount)
        bertApplyDropout(state.outputKeep, to: branch, count: elementCount)
        if let gradients {
            bertDenseParameterGradients(outputGradient: branch, input: state.activated.pointer, rowCount: rowCount, inputWidth: intermediate,
                                        weightGradient: &gradients.pointee.layers[index].outputWeight.values,
                                        biasGradient: &gradients.pointee.layers[index].outputBias)
        }
        let wide = workspace.intermediate.pointer
        bertDenseInputGradient(outputGradient: branch, rowCount: rowCount, outputWidth: hidden, inputWidth: intermediate,
                               weight: layer.outputWeight.values, inputGradient: wide, accumulate: false)
        geluBackward(state.intermediate.pointer, gradient: wide, count: rowCount * intermediate)
        if let gradients {
            bertDenseParameterGradients(outputGradient: wide, input: state.attentionOutput.pointer, rowCount: rowCount, inputWidth: hidden,
                                        weightGradient: &gradients.pointee.layers[index].intermediateWeight.values,
                                        biasGradient: &gradients.pointee.layers[index].intermediateBias)
        }
        bertDenseInputGradient(outputGradient: wide, rowCount: rowCount, outputWidth: intermediate, inputWidth: hidden,
                               weight: layer.intermediateWeight.values, inputGradient: gradient, accumulate: true)

        // Attention LayerNorm; the residual passes the result straight to the layer input.
        if let gradients {
            addLayerNormalizationParameterGradients(outputGradient: gradient, normalized: state.attentionNormalized.pointer,
                                                    rowCount: rowCount, width: hidden,
                                                    weightGradient: &gradients.pointee.layers[index].attentionNormWeight,
                                                    biasGradient: &gradients.pointee.layers[index].attentionNormBias)
        }
        layer.attentionNormWeight.withUnsafeBufferPointer { weight in
            layerNormalizationBackward(gradient: gradient, normalized: state.attentionNormalized.pointer,
                                       inverseDeviations: state.attentionInverseDeviations.pointer, rowCount: rowCount,
                                       width: hidden, weight: weight.baseAddress!, constantDeviation: relevance)
        }
        // Attention output projection (through its dropout), then the heads.
        branch.update(from: gradient, count: elementCount)
        bertApplyDropout(state.attentionOutputKeep, to: branch, count: elementCount)
        if let gradients {
            bertDenseParameterGradients(outputGradient: branch, input: state.context.pointer, rowCount: rowCount, inputWidth: hidden,
                                        weightGradient: &gradients.pointee.layers[index].attentionOutputWeight.values,
                                        biasGradient: &gradients.pointee.layers[index].attentionOutputBias)
        }
        let contextGradient = workspace.context.pointer
        bertDenseInputGradient(outputGradient: branch, rowCount: rowCount, outputWidth: hidden, inputWidth: hidden,
                               weight: layer.attentionOutputWeight.values, inputGradient: contextGradient, accumulate: false)
        let projections = workspace.queryKeyValue.pointer
        attention.backward(contextGradient: contextGradient, queryKeyValue: state.queryKeyValue.pointer,
                           probabilities: state.probabilities.pointer, keep: state.attentionKeep,
                           queryKeyValueGradient: projections)
        if relevance { // LRP: the attention probabilities are constants, so no gradient reaches the queries and keys.
            for row in 0..<rowCount { (projections + row * 3 * hidden).update(repeating: 0, count: 2 * hidden) }
        }
        // Query, key and value projections; their input gradients add to the residual's.
        if let gradients {
            bertDenseParameterGradients(outputGradient: projections, gradientStride: 3 * hidden, input: input, rowCount: rowCount,
                                        inputWidth: hidden, weightGradient: &gradients.pointee.layers[index].queryWeight.values,
                                        biasGradient: &gradients.pointee.layers[index].queryBias)
            bertDenseParameterGradients(outputGradient: projections + hidden, gradientStride: 3 * hidden, input: input, rowCount: rowCount,
                                        inputWidth: hidden, weightGradient: &gradients.pointee.layers[index].keyWeight.values,
                                        biasGradient: &gradients.pointee.layers[index].keyBias)
            bertDenseParameterGradients(outputGradient: projections + 2 * hidden, gradientStride: 3 * hidden, input: input,
                                        rowCount: rowCount, inputWidth: hidden,
                                        weightGradient: &gradients.pointee.layers[index].valueWeight.values,
                                        biasGradient: &gradients.pointee.layers[index].valueBias)
        }
        for (offset, weight) in [(0, layer.queryWeight), (hidden, layer.keyWeight), (2 * hidden, layer.valueWeight)] {
            bertDenseInputGradient(outputGradient: projections + offset, gradientStride: 3 * hidden, rowCount: rowCount,
                                   outputWidth: hidden, inputWidth: hidden, weight: weight.values, inputGradient: gradient, accumulate: true)
        }
    }
}
