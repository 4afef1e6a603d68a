import Foundation
import LinearAlgebra
import Testing
@testable import Models

/// Golden last-layer hidden states of all-MiniLM-L6-v2 for 20 sentences, written by
/// `scripts/bert_reference.py` (float64 NumPy, stored as float32).
struct BertGolden: Decodable {
    var model: String
    var sentences: [String]
    var tokenIDs: [[Int32]]
    var shape: [Int]
    var hiddenStates: String

    enum CodingKeys: String, CodingKey {
        case model, sentences, shape
        case tokenIDs = "token_ids"
        case hiddenStates = "hidden_states"
    }

    /// The decoded states, `[Σ lengths, H]` row-major.
    func states() throws -> [Float] {
        let data = try #require(Data(base64Encoded: hiddenStates))
        #expect(data.count == shape[0] * shape[1] * 4)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}

@Suite("BERT parity with the NumPy reference")
struct BertParityTests {
    static let goldenPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bert-minilm-golden.json").path

    @Test("all-MiniLM-L6-v2's last-layer hidden states match the float64 NumPy reference to 1e-4 on every valid row",
          .enabled(if: BertCheckpointTests.miniLMDirectory != nil))
    func miniLMHiddenStates() throws {
        let directory = try #require(BertCheckpointTests.miniLMDirectory)
        let golden = try JSONDecoder().decode(BertGolden.self, from: Data(contentsOf: URL(fileURLWithPath: Self.goldenPath)))
        #expect(golden.model == "all-MiniLM-L6-v2" && golden.tokenIDs.count == golden.sentences.count)
        let expected = try golden.states()
        var generator = SplitMix64(seed: 0)
        let loaded = try BertCheckpoint.load(directory: directory, classCount: 2, generator: &generator)
        let hidden = loaded.configuration.hiddenSize
        #expect(golden.shape == [golden.tokenIDs.map(\.count).reduce(0, +), hidden])
        let classifier = BertClassifier(configuration: loaded.configuration, parameters: loaded.parameters)
        let batch = TokenBatch(sequences: golden.tokenIDs, padID: loaded.configuration.padID)
        let states = classifier.hiddenStates(batch)
        #expect(states.rowCount == batch.batchSize * batch.sequenceLength && states.columnCount == hidden)
        var worst: Float = 0, goldenRow = 0
        for (sequence, length) in batch.lengths.enumerated() {
            for position in 0..<length {
                let row = sequence * batch.sequenceLength + position
                for column in 0..<hidden {
                    worst = max(worst, abs(states[row, column] - expected[goldenRow * hidden + column]))
                }
                goldenRow += 1
            }
        }
        #expect(goldenRow == golden.shape[0])
        print("all-MiniLM-L6-v2 against the NumPy golden: worst absolute difference \(worst) over \(goldenRow) rows")
        #expect(worst <= 1e-4, "max |Swift − NumPy| over \(goldenRow) valid rows is \(worst)")
    }
}
