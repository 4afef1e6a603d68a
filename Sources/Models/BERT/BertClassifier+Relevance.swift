import LinearAlgebra

/// BERT LRP: the conservative propagation of Ali et al. (ICML 2022, "XAI for Transformers: better
/// explanations through conservative propagation"). The backward pass holds every LayerNorm's
/// standard deviation and the attention probabilities constant (the centring stays, values still
/// get their gradient), then takes gradient × input at the word-piece embeddings, summed over the
/// embedding dimension. With those constants the network is linear in its embeddings and biases
/// except for the GELU and the pooler's tanh, so the relevance is conserved up to what those lose.
extension BertClassifier: RelevancePropagatingClassifier {
    /// Relevance of every word piece for the logit of `targets[b]` (nil: the predicted class);
    /// `biasRelevance` is what the biases and the position and token-type embeddings take,
    /// Σ b · ∂logit/∂b over all of them in the same modified backward pass. `epsilon` is not used
    /// (the propagation has no stabiliser).
    /// - Complexity: per sequence one forward pass and one backward pass with parameter gradients
    ///   (about three forward passes' work); sequences one at a time, so the bias share is per example.
    public func tokenRelevance(_ sequences: [[Int32]], targets: [Int]?, epsilon: Float) -> [TokenRelevance] {
        if let targets { precondition(targets.count == sequences.count, "\(targets.count) targets for \(sequences.count) sequences") }
        let hidden = configuration.hiddenSize
        let biasTensors = parameters.tensors.filter {
            $0.name.hasSuffix(".bias") || $0.name.hasSuffix("position_embeddings.weight") || $0.name.hasSuffix("token_type_embeddings.weight")
        }
        // One accumulator for all sequences: only the bias-like tensors are read, so only they are reset.
        var gradients = BertParameters.zeros(like: parameters)
        return sequences.indices.map { index in
            for tensor in biasTensors { gradients[keyPath: tensor.path] = [Float](repeating: 0, count: tensor.elementCount) }
            let batch = TokenBatch(sequences: [sequences[index]], padID: configuration.padID)
            let embedded = embed(batch)
            var generator: SplitMix64? = nil
            let pass = embedded.values.withUnsafeBufferPointer {
                forward(embedded: $0.baseAddress!, batch: batch, recording: true, generator: &generator)
            }
            let logits = (0..<classCount).map { pass.logits[0, $0] }
            let target = targets?[index] ?? logits.indices.max { logits[$0] < logits[$1] }!
            var gradient = [Float](repeating: 0, count: embedded.values.count)
            gradient.withUnsafeMutableBufferPointer { buffer in
                withUnsafeMutablePointer(to: &gradients) { pointer in
                    backward(pass: pass, logitGradient: targetSelection([target], batchSize: 1), gradients: pointer,
                             embeddedGradient: buffer.baseAddress!, relevance: true)
                }
            }
            let scores = (0..<sequences[index].count).map { token in
                var sum: Float = 0
                for column in 0..<hidden { sum += gradient[token * hidden + column] * embedded.values[token * hidden + column] }
                return sum
            }
            var biasShare: Float = 0
            for tensor in biasTensors {
                biasShare += zip(parameters[keyPath: tensor.path], gradients[keyPath: tensor.path]).reduce(0) { $0 + $1.0 * $1.1 }
            }
            return TokenRelevance(target: target, logits: logits, scores: scores, biasRelevance: biasShare)
        }
    }
}
