import LinearAlgebra

/// Gradients of every trainable parameter of a `KimCNN` except the embedding table, laid out
/// like the parameters themselves.
struct KimCNNGradients: Sendable {
    /// `[tapCount, d]`.
    var convolutionWeights: [Float]
    /// `[3F]`.
    var convolutionBias: [Float]
    /// `[3F, classCount]`.
    var classifierWeights: [Float]
    /// `[classCount]`.
    var classifierBias: [Float]

    /// Zero gradients shaped like `model`'s parameters.
    init(for model: KimCNN) {
        convolutionWeights = [Float](repeating: 0, count: model.convolutions.weights.values.count)
        convolutionBias = [Float](repeating: 0, count: model.convolutions.bias.count)
        classifierWeights = [Float](repeating: 0, count: model.classifier.weights.values.count)
        classifierBias = [Float](repeating: 0, count: model.classifier.bias.count)
    }

    /// Sets every gradient back to zero, keeping the storage.
    mutating func reset() {
        for index in convolutionWeights.indices { convolutionWeights[index] = 0 }
        for index in convolutionBias.indices { convolutionBias[index] = 0 }
        for index in classifierWeights.indices { classifierWeights[index] = 0 }
        for index in classifierBias.indices { classifierBias[index] = 0 }
    }
}

extension KimCNN {
    /// What the backward pass needs from the forward pass.
    struct ForwardState {
        /// Pooled pre-activations and the winning window of each filter.
        var pooled: PooledConvolutions.Pooled
        /// Rectified (and, in training, dropped-out) features, `[batchSize, 3F]`.
        var features: Matrix
        /// The inverted-dropout mask (0 or 1/(1 − p)), `[batchSize, 3F]`, nil in inference.
        var dropoutMask: [Float]?
        /// `[batchSize, classCount]`.
        var logits: Matrix
    }

    /// Runs the network on the sequences of `layout` in `input` (`[layout.rowCount, d]`).
    /// - Complexity: O(rowCount × Σw·F × d) (one GEMM) plus O(batchSize × 3F × classCount).
    func forward(input: UnsafePointer<Float>, layout: SequenceLayout, dropoutMask: [Float]?) -> ForwardState {
        let pooled = convolutions.forward(input: input, layout: layout)
        var features = Matrix(rowCount: layout.batchSize, columnCount: convolutions.outputCount,
                              values: pooled.maxima.map { max($0, 0) })
        if let dropoutMask {
            precondition(dropoutMask.count == features.values.count, "Dropout mask has \(dropoutMask.count) values, features \(features.values.count)")
            features.values.withUnsafeMutableBufferPointer { values in
                for index in values.indices { values[index] *= dropoutMask[index] }
            }
        }
        return ForwardState(pooled: pooled, features: features, dropoutMask: dropoutMask, logits: classifier.forward(features))
    }

    /// Back-propagates `logitGradient` (`[batchSize, classCount]`): adds parameter gradients to
    /// `gradients` and the input gradient to `inputGradient` (`[layout.rowCount, d]`), when given.
    /// - Complexity: O(batchSize × 3F × classCount + batchSize × Σw·F × d).
    func backward(state: ForwardState, logitGradient: Matrix, input: UnsafePointer<Float>, layout: SequenceLayout,
                  gradients: UnsafeMutablePointer<KimCNNGradients>?, inputGradient: UnsafeMutablePointer<Float>?) {
        var featureGradient: Matrix
        if let gradients {
            featureGradient = gradients.pointee.classifierWeights.withUnsafeMutableBufferPointer { weightGradient in
                gradients.pointee.classifierBias.withUnsafeMutableBufferPointer { biasGradient in
                    classifier.backward(input: state.features, outputGradient: logitGradient,
                                        weightGradient: weightGradient.baseAddress!, biasGradient: biasGradient.baseAddress!)
                }
            }
        } else {
            featureGradient = classifier.backward(input: state.features, outputGradient: logitGradient, weightGradient: nil, biasGradient: nil)
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
