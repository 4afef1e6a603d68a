import Testing
import LinearAlgebra
@testable import Models

@Suite("BERT fine-tuning")
struct BertTrainerTests {
    @Test("the learning rate rises linearly over the warm-up, peaks, then falls linearly to zero")
    func schedule() {
        let schedule = LinearWarmupSchedule(peakLearningRate: 2e-5, warmupStepCount: 10, totalStepCount: 110)
        #expect(abs(schedule.learningRate(step: 1) - 2e-6) < 1e-12)
        #expect(abs(schedule.learningRate(step: 10) - 2e-5) < 1e-12)
        #expect(abs(schedule.learningRate(step: 60) - 1e-5) < 1e-12)
        #expect(schedule.learningRate(step: 110) == 0)
        let rates = (1...110).map(schedule.learningRate(step:))
        #expect(rates.max() == 2e-5 && rates.firstIndex(of: 2e-5) == 9)
    }

    @Test("length buckets visit every example once, each batch from one sorted pool, the same for a seed")
    func buckets() {
        var generator = SplitMix64(seed: 5)
        let lengths = (0..<203).map { _ in 3 + Int(generator.nextUnitDouble() * 60) }
        var first = SplitMix64(seed: 9), second = SplitMix64(seed: 9)
        let batches = BertTrainer.bucketedBatches(lengths: lengths, batchSize: 16, poolBatchCount: 4, generator: &first)
        #expect(batches == BertTrainer.bucketedBatches(lengths: lengths, batchSize: 16, poolBatchCount: 4, generator: &second))
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<203))
        #expect(batches.allSatisfy { $0.count <= 16 })
        let padding = batches.map { batch in batch.map { lengths[$0] }.max()! * batch.count - batch.map { lengths[$0] }.reduce(0, +) }.reduce(0, +)
        var plain = SplitMix64(seed: 9)
        let unsorted = BertTrainer.bucketedBatches(lengths: lengths, batchSize: 16, poolBatchCount: 1, generator: &plain)
        let unsortedPadding = unsorted.map { batch in batch.map { lengths[$0] }.max()! * batch.count - batch.map { lengths[$0] }.reduce(0, +) }.reduce(0, +)
        #expect(padding * 2 < unsortedPadding, "pools of 4 batches sorted by length pad far less (\(padding) vs \(unsortedPadding))")
    }

    @Test("fine-tuning a tiny BERT learns a one-token rule, deterministically for a seed, and decays only weights")
    func learns() {
        // Class 1 exactly when token 7 occurs.
        var generator = SplitMix64(seed: 3)
        let sequences: [[Int32]] = (0..<96).map { index in
            var sequence: [Int32] = [2] + (0..<(3 + index % 5)).map { _ in Int32(10 + Int(generator.nextUnitDouble() * 30)) }
            if index % 2 == 1 { sequence.insert(7, at: 1 + index % 3) }
            return sequence
        }
        let labels = (0..<96).map { $0 % 2 }
        func train() -> (BertClassifier, TrainingReport) {
            let model = tinyBert(seed: 4)
            let options = TrainingOptions(epochCount: 20, batchSize: 8, learningRate: 3e-3, patience: 20, seed: 1, maximumLength: 16)
            let report = BertTrainer.train(model, trainingSequences: Array(sequences.prefix(80)), trainingLabels: Array(labels.prefix(80)),
                                           devSequences: Array(sequences.suffix(16)), devLabels: Array(labels.suffix(16)), options: options)
            return (model, report)
        }
        let (model, report) = train()
        #expect(report.bestDevAccuracy >= 0.9, "\(report.epochs.map(\.devAccuracy))")
        #expect(report.epochs.last!.trainingLoss < report.epochs.first!.trainingLoss)
        #expect(train().0.fingerprint == model.fingerprint, "same seed, same weights")
        #expect(BertTrainer.decays("encoder.layer.0.attention.self.query.weight"))
        #expect(!BertTrainer.decays("encoder.layer.0.attention.self.query.bias"))
        #expect(!BertTrainer.decays("embeddings.LayerNorm.weight"))
    }
}
