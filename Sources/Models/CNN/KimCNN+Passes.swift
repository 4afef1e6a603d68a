import LinearAlgebra

/// Gradients of every trainable parameter of a `KimCNN` except the embedding table, laid out
/// like the parameters themselves.
struct KimCNNGradients: Sendable {
    /// `[tapCount, d]`.
    var convolutionWeights: [Float]
    /// `[3F]`.
    var convolutionBias: [Float]
    /// `[3F, H]`; empty without a hidden layer.
    var hiddenWeights: [Float]
    /// `[H]`; empty without a hidden layer.
    var hiddenBias: [Float]
    /// `[3F or H, classCount]`.
    var classifierWeights: [Float]
    /// `[classCount]`.
    var classifierBias: [Float]

    /// Zero gradients shaped like `model`'s parameters.
    init(for model: KimCNN) {
        convolutionWeights = [Float](repeating: 0, count: model.convolutions.weights.values.count)
        convolutionBias = [Float](repeating: 0, count: model.convolutions.bias.count)
        hiddenWeights = [Float](repeating: 0, count: model.hidden?.weights.values.count ?? 0)
        hiddenBias = [Float](repeating: 0, count: model.hidden?.bias.count ?? 0)
        classifierWeights = [Float](repeating: 0, count: model.classifier.weights.values.count)
        classifierBias = [Float](repeating: 0, count: model.classifier.bias.count)
    }

    /// Sets every gradient back to zero, keeping the storage.
    mutating func reset() {
        for index in convolutionWeights.indices { convolutionWeights[index] = 0 }
        for index in convolutionBias.indices { convolutionBias[index] = 0 }
        for index in hiddenWeights.indices { hiddenWeights[index] = 0 }
        for index in hiddenBias.indices { hiddenBias[index] = 0 }
        for index in classifierWeights.indices { classifierWeights[index] = 0 }
        for index in classifierBias.indices { classifierBias[index] = 0 }
    }
}

extension KimCNN {
    /// What the backward pass needs from the forward pass.
    struct ForwardState {
        /// Pooled pre-activations and the winning window of each filter.
        var pooled: PooledConvolutions.Pooled
        /// Rectified (and, in training, dropped-out) pooled features, `[batchSize, 3F]`.
        var features: Matrix
        /// The inverted-dropout mask of the pooled features (0 or 1/(1 − p)), `[batchSize, 3F]`, nil in inference.
        var dropoutMask: [Float]?
        /// Hidden pre-activations, `[batchSize, H]`; empty without a hidden layer.
        var hiddenPreActivations: [Float]
        /// The inverted-dropout mask of the hidden activations, `[batchSize, H]`, or nil.
        var hiddenDropoutMask: [Float]?
        /// What the output layer reads: the rectified (and dropped-out) hidden activations
        /// `[batchSize, H]`, or `features` without a hidden layer.
        var representation: Matrix
        /// `[batchSize, classCount]`.
        var logits: Matrix
    }

    /// Runs the network on the sequences of `layout` in `input` (`[layout.rowCount, d]`), with
    /// the given inverted-dropout masks (nil: inference).
    /// - Complexity: O(rowCount × Σw·F × d) (one GEMM) plus O(batchSize × 3F × H + batchSize × H × classCount).
    func forward(input: UnsafePointer<Float>, layout: SequenceLayout, dropoutMask: [Float]?,
                 hiddenDropoutMask: [Float]? = nil) -> ForwardState {
        let pooled = convolutions.forward(input: input, layout: layout)
        var features = Matrix(rowCount: layout.batchSize, columnCount: convolutions.outputCount,
                              values: pooled.maxima.map { max($0, 0) })
        if let dropoutMask { Self.applyMask(dropoutMask, to: &features) }
        guard let hidden else {
            precondition(hiddenDropoutMask == nil, "A hidden dropout mask was given to a model without a hidden layer")
            return ForwardState(pooled: pooled, features: features, dropoutMask: dropoutMask, hiddenPreActivations: [],
                                hiddenDropoutMask: nil, representation: features, logits: classifier.forward(features))
        }
        let preActivations = hidden.forward(features)
        var activations = Matrix(rowCount: preActivations.rowCount, columnCount: preActivations.columnCount,
                                 values: preActivations.values.map { max($0, 0) })
        if let hiddenDropoutMask { Self.applyMask(hiddenDropoutMask, to: &activations) }
        return ForwardState(pooled: pooled, features: features, dropoutMask: dropoutMask, hiddenPreActivations: preActivations.values,
                            hiddenDropoutMask: hiddenDropoutMask, representation: activations, logits: classifier.forward(activations))
    }

    /// Multiplies `values` elementwise by an inverted-dropout `mask` of the same size.
    private static func applyMask(_ mask: [Float], to values: inout Matrix) {
        precondition(mask.count == values.values.count, "Dropout mask has \(mask.count) values, activations [\(values.rowCount), \(values.columnCount)]")
        values.values.withUnsafeMutableBufferPointer { target in
            mask.withUnsafeBufferPointer { mask in
                for index in target.indices { target[index] *= mask[index] }
            }
        }
    }

    /// The input gradient of a dense `layer`, adding its weight and bias gradients to the
    /// `weights` and `bias` fields of `gradients` when given.
    private func backward(through layer: Linear, input: Matrix, outputGradient: Matrix, gradients: UnsafeMutablePointer<KimCNNGradients>?,
                          weights: WritableKeyPath<KimCNNGradients, [Float]>, bias: WritableKeyPath<KimCNNGradients, [Float]>) -> Matrix {
        guard let gradients else {
            return layer.backward(input: input, outputGradient: outputGradient, weightGradient: nil, biasGradient: nil)
        }
        return gradients.pointee[keyPath: weights].withUnsafeMutableBufferPointer { weightGradient in
            gradients.pointee[keyPath: bias].withUnsafeMutableBufferPointer { biasGradient in
                layer.backward(input: input, outputGradient: outputGradient,
                               weightGradient: weightGradient.baseAddress!, biasGradient: biasGradient.baseAddress!)
            }
        }
    }

    /// Back-propagates `logitGradient` (`[batchSize, classCount]`): adds parameter gradients to
    /// `gradients` and the input gradient to `inputGradient` (`[layout.rowCount, d]`), when given.
    /// - Complexity: O(batchSize × (3F × H + H × classCount) + batchSize × Σw·F × d).
    func backward(state: ForwardState, logitGradient: Matrix, input: UnsafePointer<Float>, layout: SequenceLayout,
                  gradients: UnsafeMutablePointer<KimCNNGradients>?, inputGradient: UnsafeMutablePointer<Float>?) {
        var representationGradient = backward(through: classifier, input: state.representation, outputGradient: logitGradient,
                                              gradients: gradients, weights: \.classifierWeights, bias: \.classifierBias)
        var featureGradient: Matrix
        if let hidden {
            // Through the hidden dropout and ReLU, then the hidden layer.
            representationGradient.values.withUnsafeMutableBufferPointer { values in
                state.hiddenPreActivations.withUnsafeBufferPointer { preActivations in
                    for index in values.indices {
                        values[index] = preActivations[index] > 0 ? values[index] * (state.hiddenDropoutMask?[index] ?? 1) : 0
                    }
                }
            }
            featureGradient = backward(through: hidden, input: state.features, outputGradient: representationGradient,
                                       gradients: gradients, weights: \.hiddenWeights, bias: \.hiddenBias)
        } else {
            featureGradient = representationGradient
        }
        // Through dropout and the ReLU: the pooled maximum passes gradient only where positive.
        featureGradient.values.withUnsafeMutableBufferPointer { values in
            state.pooled.maxima.withUnsafeBufferPointer { maxima in
                for index in values.indices {
                    values[index] = maxima[index] > 0 ? values[index] * (state.dropoutMask?[index] ?? 1) : 0
                }
            }
        }
        featureGradient.values.withUnsafeBufferPointer { pooledGradient in
            if let gradients {
                gradients.pointee.convolutionWeights.withUnsafeMutableBufferPointer { weightGradient in
                    gradients.pointee.convolutionBias.withUnsafeMutableBufferPointer { biasGradient in
                        convolutions.backward(pooledGradient: pooledGradient.baseAddress!, pooled: state.pooled, input: input, layout: layout,
                                              weightGradient: weightGradient.baseAddress!, biasGradient: biasGradient.baseAddress!,
                                              inputGradient: inputGradient)
                    }
                }
            } else {
                convolutions.backward(pooledGradient: pooledGradient.baseAddress!, pooled: state.pooled, input: input, layout: layout,
                                      weightGradient: nil, biasGradient: nil, inputGradient: inputGradient)
            }
        }
    }
}
