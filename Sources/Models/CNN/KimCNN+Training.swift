import LinearAlgebra

extension KimCNN {
    /// The embedding rows of `sequences` back to back, `[Σ lengths, d]`, and their layout.
    /// - Complexity: O(Σ lengths × d).
    func packedEmbeddings(_ sequences: [[Int32]]) -> (values: [Float], layout: SequenceLayout) {
        let layout = SequenceLayout(packedLengths: sequences.map(\.count))
        let dimension = embeddingDimension, vocabularySize = configuration.vocabularySize
        let values = [Float](unsafeUninitializedCapacity: layout.rowCount * dimension) { target, initialized in
            embeddings.values.withUnsafeBufferPointer { table in
                var row = 0
                for sequence in sequences {
                    for token in sequence {
                        precondition(token >= 0 && Int(token) < vocabularySize, "Token id \(token) outside the vocabulary 0..<\(vocabularySize)")
                        (target.baseAddress! + row * dimension).initialize(from: table.baseAddress! + Int(token) * dimension, count: dimension)
                        row += 1
                    }
                }
            }
            initialized = layout.rowCount * dimension
        }
        return (values, layout)
    }

    /// Inference-mode logits of unpadded `sequences`, `[sequences.count, classCount]`.
    /// - Complexity: O(Σ lengths × Σw·F × d).
    func packedLogits(_ sequences: [[Int32]]) -> Matrix {
        let (values, layout) = packedEmbeddings(sequences)
        return values.withUnsafeBufferPointer { forward(input: $0.baseAddress!, layout: layout, dropoutMask: nil).logits }
    }

    /// The summed gradient of the embedding rows a batch used.
    typealias EmbeddingGradient = EmbeddingRowGradient

    /// One training-mode pass over a mini-batch with the given dropout masks (`[batchSize, 3F]`
    /// and `[batchSize, H]`): adds the parameter gradients of the mean cross-entropy to
    /// `gradients` and returns the loss and, when embeddings train, their gradient.
    /// - Complexity: O(Σ lengths × Σw·F × d).
    func accumulateGradients(sequences: [[Int32]], labels: [Int], dropoutMask: [Float]?, hiddenDropoutMask: [Float]? = nil,
                             gradients: inout KimCNNGradients) -> (loss: Double, embeddingGradient: EmbeddingGradient?) {
        let (values, layout) = packedEmbeddings(sequences)
        let dimension = embeddingDimension
        var inputGradient = configuration.trainEmbeddings ? [Float](repeating: 0, count: values.count) : []
        let loss = values.withUnsafeBufferPointer { input in
            let state = forward(input: input.baseAddress!, layout: layout, dropoutMask: dropoutMask, hiddenDropoutMask: hiddenDropoutMask)
            let (loss, logitGradient) = softmaxCrossEntropy(logits: state.logits, labels: labels)
            withUnsafeMutablePointer(to: &gradients) { gradientPointer in
                if configuration.trainEmbeddings {
                    inputGradient.withUnsafeMutableBufferPointer { target in
                        backward(state: state, logitGradient: logitGradient, input: input.baseAddress!, layout: layout,
                                 gradients: gradientPointer, inputGradient: target.baseAddress!)
                    }
                } else {
                    backward(state: state, logitGradient: logitGradient, input: input.baseAddress!, layout: layout,
                             gradients: gradientPointer, inputGradient: nil)
                }
            }
            return loss
        }
        guard configuration.trainEmbeddings else { return (loss, nil) }
        // Packed rows: sequence after sequence, no padding.
        var placements: [(token: Int32, row: Int)] = []
        for token in sequences.joined() { placements.append((token, placements.count)) }
        let rows = inputGradient.withUnsafeBufferPointer {
            EmbeddingRowGradient(placements: placements, gradient: $0.baseAddress!, width: dimension)
        }
        return (loss, rows)
    }
}
