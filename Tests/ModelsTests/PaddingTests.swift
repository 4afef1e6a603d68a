import LinearAlgebra
import Testing
@testable import Models

@Suite("Padding does not leak")
struct PaddingTests {
    @Test("a TokenBatch pads with the pad id to the longest sequence, at least the minimum length")
    func tokenBatchShape() {
        let batch = TokenBatch(sequences: [[5, 6], [7]], padID: 9, minimumLength: 4)
        #expect(batch.sequenceLength == 4)
        #expect(batch.tokenIDs == [5, 6, 9, 9, 7, 9, 9, 9])
        #expect(batch.lengths == [2, 1])
        #expect(batch.sequence(0) == [5, 6])
        #expect(TokenBatch(sequences: [[1, 2, 3, 4, 5]], padID: 0, minimumLength: 2).sequenceLength == 5)
    }

    @Test("embedding leaves padding rows zero")
    func embedZeroesPadding() {
        let model = tinyModel()
        let batch = model.batch([[1, 2], [3, 4, 5, 6]])
        let embedded = model.embed(batch)
        #expect(embedded.row(2).allSatisfy { $0 == 0 } && embedded.row(3).allSatisfy { $0 == 0 })
        #expect(embedded.row(1) == model.embeddingTable.row(2))
    }

    @Test("each example gives the same logits and input gradient alone as inside a longer batch", arguments: [0, 5])
    func aloneVersusBatched(hiddenSize: Int) {
        let model = tinyModel(hiddenSize: hiddenSize)
        let together = model.batch(tinySequences)
        let targets = [0, 1, 2, 0, 1]
        let (batchLogits, batchGradient) = model.inputGradient(embedded: model.embed(together), batch: together, targets: targets)
        for (index, sequence) in tinySequences.enumerated() {
            let alone = model.batch([sequence])
            let (logits, gradient) = model.inputGradient(embedded: model.embed(alone), batch: alone, targets: [targets[index]])
            #expect(approximatelyEqual(logits.row(0), batchLogits.row(index)))
            let rows = (0..<sequence.count).map { index * together.sequenceLength + $0 }
            #expect(approximatelyEqual(Array(gradient.values.prefix(sequence.count * 6)), batchGradient.rows(rows).values))
        }
    }

    @Test("garbage in padding rows changes nothing", arguments: [0, 5])
    func paddingContentIgnored(hiddenSize: Int) {
        let model = tinyModel(hiddenSize: hiddenSize)
        let batch = model.batch([[1, 2], [3, 4, 5, 6, 7]])
        var embedded = model.embed(batch)
        let clean = model.inputGradient(embedded: embedded, batch: batch, targets: [1, 2])
        for row in [2, 3, 4] { for column in 0..<6 { embedded[row, column] = 100 } }
        let dirty = model.inputGradient(embedded: embedded, batch: batch, targets: [1, 2])
        #expect(clean.logits == dirty.logits)
        #expect(clean.gradient == dirty.gradient)
        #expect(clean.gradient.values.contains { $0 != 0 })
    }

    @Test("a sequence shorter than every filter still has one window, read as zero vectors past its end")
    func shortSequence() {
        let model = tinyModel()
        let reference = ReferenceKimCNN(model)
        let logits = model.logits(model.batch([[4]]))
        let expected = reference.logits(reference.embedded([4]))
        for output in 0..<3 { #expect(abs(Double(logits[0, output]) - expected[output]) < 1e-5) }
        #expect(model.minimumSequenceLength == 3)
    }

    @Test("probabilities are a softmax of the logits; features are what the output layer reads (pooled maxima or hidden activations)",
          arguments: [0, 5])
    func probabilitiesAndFeatures(hiddenSize: Int) {
        let model = tinyModel(hiddenSize: hiddenSize)
        let reference = ReferenceKimCNN(model)
        let batch = model.batch(tinySequences)
        let probabilities = model.probabilities(batch)
        let features = model.features(batch), pooled = model.pooledFeatures(batch)
        #expect(features.rowCount == 5 && features.columnCount == (hiddenSize > 0 ? hiddenSize : 8))
        #expect(pooled.rowCount == 5 && pooled.columnCount == 8)
        for (index, sequence) in tinySequences.enumerated() {
            let rows = reference.embedded(sequence)
            #expect(abs(probabilities.row(index).reduce(0, +) - 1) < 1e-5)
            #expect(approximatelyEqual(pooled.row(index), reference.pooledMaxima(rows).map { Float(max($0, 0)) }))
            #expect(approximatelyEqual(features.row(index), reference.representation(rows).map(Float.init)))
        }
        #expect(hiddenSize == 0 || features.values.contains { $0 > 0 })
    }
}
