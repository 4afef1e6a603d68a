import LinearAlgebra
import Testing
@testable import Models

@Suite("BERT behaviour")
struct BertBehaviourTests {
    @Test("a sequence gets the same logits and input gradient alone as inside a padded batch")
    func paddingInvariance() {
        let model = tinyBert()
        let batch = model.batch(bertSequences)
        let targets = [2, 1, 0]
        let together = model.inputGradient(embedded: model.embed(batch), batch: batch, targets: targets)
        var worstLogit: Float = 0, worstGradient: Float = 0, largestGradient: Float = 0
        for (index, sequence) in bertSequences.enumerated() {
            let single = model.batch([sequence])
            let alone = model.inputGradient(embedded: model.embed(single), batch: single, targets: [targets[index]])
            for column in 0..<model.classCount { worstLogit = max(worstLogit, abs(alone.logits[0, column] - together.logits[index, column])) }
            for position in sequence.indices {
                for column in 0..<model.embeddingDimension {
                    let value = together.gradient[index * batch.sequenceLength + position, column]
                    worstGradient = max(worstGradient, abs(alone.gradient[position, column] - value))
                    largestGradient = max(largestGradient, abs(value))
                }
            }
        }
        #expect(worstLogit < 1e-5)
        #expect(worstGradient < 1e-5)
        #expect(largestGradient > 1e-2, "the gradients compared must not be negligible")
    }

    @Test("padding tokens' ids and rows never matter: any pad id or garbage in padded rows gives the same logits")
    func paddingContentIgnored() {
        let model = tinyBert()
        let batch = model.batch(bertSequences)
        var embedded = model.embed(batch)
        let clean = model.logits(embedded: embedded, batch: batch)
        var generator = SplitMix64(seed: 3)
        for (index, sequence) in bertSequences.enumerated() {
            for position in sequence.count..<batch.sequenceLength {
                for column in 0..<model.embeddingDimension { embedded[index * batch.sequenceLength + position, column] = 10 * generator.nextNormal() }
            }
        }
        #expect(model.logits(embedded: embedded, batch: batch) == clean)
    }

    @Test("training without a generator is deterministic and dropout-free; a seeded generator repeats and differs by seed")
    func dropout() {
        let model = tinyBert()
        let batch = model.batch(bertSequences)
        let labels = [0, 1, 2]
        func run(_ seed: UInt64?) -> (loss: Double, gradients: BertParameters, embedding: BertEmbeddingGradient) {
            var gradients = BertParameters.zeros(like: model.parameters)
            var generator = seed.map { SplitMix64(seed: $0) }
            let result = model.accumulateGradients(batch: batch, labels: labels, generator: &generator, gradients: &gradients)
            return (result.loss, gradients, result.embeddingGradient)
        }
        let plain = run(nil), plainAgain = run(nil)
        #expect(plain.loss == plainAgain.loss && plain.gradients == plainAgain.gradients && plain.embedding.rows == plainAgain.embedding.rows)
        let inference = softmaxCrossEntropy(logits: model.logits(batch), labels: labels).loss
        #expect(abs(plain.loss - inference) < 1e-9)
        let seeded = run(7), seededAgain = run(7), other = run(8)
        #expect(seeded.loss == seededAgain.loss && seeded.gradients == seededAgain.gradients && seeded.embedding.rows == seededAgain.embedding.rows)
        #expect(seeded.loss != plain.loss)
        #expect(seeded.loss != other.loss)

        // With the same dropout masks (same seed), the gradient is that of a fixed function: check it
        // along one random direction through every tensor by central differences of the Float loss
        // (step 1e-3: rounding noise about 3e-4 relative; a missing attention-dropout mask in the backward pass gives 0.04).
        var generator = SplitMix64(seed: 9)
        let tensors = model.parameters.tensors
        let directions = tensors.map { tensor in (0..<tensor.elementCount).map { _ in generator.nextNormal() } }
        var analytic = 0.0
        for (tensor, direction) in zip(tensors, directions) where tensor.name != "embeddings.word_embeddings.weight" {
            for (gradient, change) in zip(seeded.gradients[keyPath: tensor.path], direction) { analytic += Double(gradient * change) }
        }
        let embeddingGradient = seeded.embedding
        for (slot, token) in embeddingGradient.tokens.enumerated() {
            for column in 0..<32 { analytic += Double(embeddingGradient.rows[slot * 32 + column] * directions[0][Int(token) * 32 + column]) }
        }
        let step: Float = 1e-3
        func shiftedLoss(_ size: Float) -> Double {
            var parameters = model.parameters
            for (tensor, direction) in zip(tensors, directions) {
                parameters[keyPath: tensor.path] = zip(parameters[keyPath: tensor.path], direction).map { $0 + size * $1 }
            }
            let shifted = BertClassifier(configuration: model.configuration, parameters: parameters)
            var scratch = BertParameters.zeros(like: parameters)
            var sameMasks: SplitMix64? = SplitMix64(seed: 7)
            return shifted.accumulateGradients(batch: batch, labels: labels, generator: &sameMasks, gradients: &scratch).loss
        }
        let numeric = (shiftedLoss(step) - shiftedLoss(-step)) / (2 * Double(step))
        print("BERT gradient with dropout: analytic \(analytic), numeric \(numeric)")
        #expect(bertRelativeError(analytic, numeric) < 3e-3)
    }

    @Test("inputGradient(chooseTargets:) equals inputGradient(targets:) for the same targets, in one pass")
    func chosenTargets() {
        let model = tinyBert(usesPooler: false)
        let batch = model.batch(bertSequences)
        let embedded = model.embed(batch)
        let chosen = model.inputGradient(embedded: embedded, batch: batch) { logits in argmaxRows(logits) }
        #expect(chosen.targets == argmaxRows(model.logits(embedded: embedded, batch: batch)))
        let given = model.inputGradient(embedded: embedded, batch: batch, targets: chosen.targets)
        #expect(chosen.logits == given.logits)
        #expect(chosen.gradient == given.gradient)
        let other = model.inputGradient(embedded: embedded, batch: batch, targets: chosen.targets.map { ($0 + 1) % 3 })
        #expect(other.gradient != given.gradient)
    }

    @Test("features are the last-layer [CLS] states; the fingerprint is stable and follows weight changes")
    func featuresAndFingerprint() {
        let model = tinyBert()
        let batch = model.batch(bertSequences)
        let states = model.hiddenStates(batch), features = model.features(batch)
        #expect(features.rowCount == 3 && features.columnCount == 32)
        for index in 0..<3 { #expect(features.row(index) == states.row(index * batch.sequenceLength)) }
        let fingerprint = model.fingerprint
        #expect(fingerprint.count == 64 && fingerprint == tinyBert().fingerprint)
        #expect(fingerprint != tinyBert(usesPooler: false).fingerprint)
        model.parameters.layers[1].outputBias[3] += 1e-3
        #expect(model.fingerprint == fingerprint, "cached until weightsDidChange()")
        model.weightsDidChange()
        #expect(model.fingerprint != fingerprint)
    }
}
