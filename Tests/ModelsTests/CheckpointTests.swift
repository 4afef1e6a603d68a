import Foundation
import LinearAlgebra
import Testing
@testable import Models

@Suite("Checkpoints")
struct CheckpointTests {
    @Test("save then load gives the same configuration, logits and fingerprint")
    func roundTrip() throws {
        let model = tinyModel(seed: 21)
        let directory = (temporaryDirectory("checkpoint") as NSString).appendingPathComponent("model")
        try model.save(to: directory, extraMetadata: ["tokenizer": "bert-uncased"])
        let loaded = try KimCNN.load(from: directory)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.exportedTensors() == model.exportedTensors())
        #expect(loaded.logits(loaded.batch(tinySequences)) == model.logits(model.batch(tinySequences)))
        #expect(loaded.fingerprint == model.fingerprint)
        #expect(model.fingerprint.count == 64)
        #expect(try KimCNN.metadata(in: directory) == ["tokenizer": "bert-uncased"])
        let weights = try SafeTensors.read(path: (directory as NSString).appendingPathComponent("model.safetensors"))
        #expect(weights["convolutions.1.weight"]?.shape == [4, 6, 3])
        #expect(weights["classifier.weight"]?.shape == [3, 8])
    }

    @Test("a model with a hidden layer round-trips, exports hidden.weight [H, 3F] and classifier.weight [C, H]")
    func hiddenLayerRoundTrip() throws {
        let model = tinyModel(seed: 22, hiddenSize: 5, hiddenDropout: 0.25)
        let directory = (temporaryDirectory("checkpoint-hidden") as NSString).appendingPathComponent("model")
        try model.save(to: directory)
        let loaded = try KimCNN.load(from: directory)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.configuration.hiddenSize == 5 && loaded.configuration.hiddenDropout == 0.25)
        #expect(loaded.exportedTensors() == model.exportedTensors())
        #expect(loaded.logits(loaded.batch(tinySequences)) == model.logits(model.batch(tinySequences)))
        #expect(loaded.fingerprint == model.fingerprint)
        let tensors = model.exportedTensors()
        #expect(tensors["hidden.weight"]?.shape == [5, 8] && tensors["hidden.bias"]?.shape == [5])
        #expect(tensors["classifier.weight"]?.shape == [3, 5])
        // PyTorch layout: row u of hidden.weight holds the weights into hidden unit u.
        #expect(tensors["hidden.weight"]!.values[1 * 8 + 6] == model.hidden!.weights[6, 1])
        #expect(tinyModel(seed: 22).exportedTensors()["hidden.weight"] == nil)
    }

    @Test("a config.json written before the hidden layer existed loads as hiddenSize 0, and hiddenSize 0 is not written")
    func configurationWithoutHiddenFields() throws {
        let plain = KimCNNConfiguration(vocabularySize: 20, embeddingDimension: 6, classCount: 3)
        let encoded = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!encoded.contains("hidden"))
        let old = #"{"vocabularySize":20,"embeddingDimension":6,"classCount":3,"filterWidths":[3,4,5],"filterCount":100,"dropout":0.5,"trainEmbeddings":false,"padID":0}"#
        let decoded = try JSONDecoder().decode(KimCNNConfiguration.self, from: Data(old.utf8))
        #expect(decoded == plain && decoded.hiddenSize == 0 && decoded.hiddenDropout == 0)
        var wide = plain
        wide.hiddenSize = 7
        #expect(try JSONDecoder().decode(KimCNNConfiguration.self, from: JSONEncoder().encode(wide)) == wide)
        wide.hiddenSize = -1
        #expect(wide.problem?.contains("hiddenSize") == true)
    }

    @Test("the fingerprint depends on the weights and the configuration")
    func fingerprintChanges() {
        #expect(tinyModel(seed: 1).fingerprint != tinyModel(seed: 2).fingerprint)
        #expect(tinyModel(seed: 1).fingerprint == tinyModel(seed: 1).fingerprint)
        #expect(tinyModel(seed: 1, dropout: 0.5).fingerprint != tinyModel(seed: 1, dropout: 0.25).fingerprint)
        #expect(tinyModel(seed: 1, hiddenSize: 4).fingerprint != tinyModel(seed: 1, hiddenSize: 5).fingerprint)
        let hidden = tinyModel(seed: 1, hiddenSize: 4)
        let hiddenBefore = hidden.fingerprint
        hidden.hidden!.weights[0, 0] += 1
        hidden.weightsDidChange()
        #expect(hidden.fingerprint != hiddenBefore)
        let model = tinyModel(seed: 1)
        let before = model.fingerprint
        model.classifier.bias[0] += 1
        model.weightsDidChange()
        #expect(model.fingerprint != before)
    }

    @Test("a checkpoint whose tensors disagree with its configuration, or lack one, is rejected naming the tensor")
    func corruptCheckpoint() throws {
        let directory = temporaryDirectory("corrupt-checkpoint")
        try tinyModel().save(to: directory)
        let weightsPath = (directory as NSString).appendingPathComponent("model.safetensors")
        var tensors = try SafeTensors.read(path: weightsPath)
        tensors["classifier.bias"] = SafeTensors.Tensor(shape: [4], values: [0, 0, 0, 0])
        try SafeTensors.write(tensors, to: weightsPath)
        #expect(throws: ModelError.self) { try KimCNN.load(from: directory) }
        do { _ = try KimCNN.load(from: directory) } catch { #expect(error.message.contains("'classifier.bias'")) }
        tensors["classifier.bias"] = nil
        try SafeTensors.write(tensors, to: weightsPath)
        do { _ = try KimCNN.load(from: directory) } catch { #expect(error.message.contains("no tensor 'classifier.bias'")) }
        let hiddenDirectory = temporaryDirectory("corrupt-hidden-checkpoint")
        try tinyModel(hiddenSize: 5).save(to: hiddenDirectory)
        let hiddenWeightsPath = (hiddenDirectory as NSString).appendingPathComponent("model.safetensors")
        var hiddenTensors = try SafeTensors.read(path: hiddenWeightsPath)
        hiddenTensors["hidden.weight"] = SafeTensors.Tensor(shape: [8, 5], values: hiddenTensors["hidden.weight"]!.values)
        try SafeTensors.write(hiddenTensors, to: hiddenWeightsPath)
        do {
            _ = try KimCNN.load(from: hiddenDirectory)
            Issue.record("a transposed hidden.weight loaded")
        } catch {
            #expect(error.message.contains("'hidden.weight'"))
        }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("config.json")))
        do { _ = try KimCNN.load(from: directory) } catch { #expect(error.message.contains("config.json")) }
        do { _ = try KimCNN.load(from: "/nonexistent/model") } catch { #expect(error.message.contains("/nonexistent/model/config.json")) }
    }
}

@Suite("Embedding initialisation")
struct EmbeddingInitialisationTests {
    @Test("a shorter table seeds the first rows; added rows are random with the table's per-dimension scale", arguments: [1, 3] as [Float])
    func addedRows(addedRowScale: Float) {
        var generator = SplitMix64(seed: 3)
        let rowCount = 400, dimension = 4
        let scales: [Float] = [0.1, 1, 2, 0.5]
        let table = Matrix(rowCount: rowCount, columnCount: dimension,
                           values: (0..<(rowCount * dimension)).map { 3 + scales[$0 % dimension] * generator.nextNormal() })
        let configuration = KimCNNConfiguration(vocabularySize: rowCount + 2000, embeddingDimension: dimension, classCount: 2,
                                                filterWidths: [1], filterCount: 2)
        let model = KimCNN(configuration: configuration, embeddingTable: table, generator: &generator, addedRowScale: addedRowScale)
        #expect(Array(model.embeddingTable.values.prefix(table.values.count)) == table.values)
        for column in 0..<dimension {
            let added = (rowCount..<(rowCount + 2000)).map { model.embeddingTable[$0, column] }
            let mean = added.reduce(0, +) / Float(added.count)
            let deviation = (added.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(added.count)).squareRoot()
            #expect(abs(mean - 3) < 0.2 * addedRowScale * scales[column])
            #expect(abs(deviation / (addedRowScale * scales[column]) - 1) < 0.15)
        }
    }

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let miniLMDirectory = packageRoot + "/Data/models/all-MiniLM-L6-v2"

    @Test("the MiniLM word-piece table loads as [30522, 384] with the values numpy reads",
          .enabled(if: FileManager.default.fileExists(atPath: miniLMDirectory + "/model.safetensors")))
    func miniLMTable() throws {
        let table = try loadWordPieceEmbeddingTable(checkpointDirectory: Self.miniLMDirectory)
        #expect(table.rowCount == 30522 && table.columnCount == 384)
        // Golden values: numpy.frombuffer over the same tensor, rows 101 ([CLS]) and 2143, columns 0–2.
        #expect(approximatelyEqual([table[101, 0], table[101, 1], table[101, 2]], miniLMGolden[0], tolerance: 1e-7))
        #expect(approximatelyEqual([table[2143, 0], table[2143, 1], table[2143, 2]], miniLMGolden[1], tolerance: 1e-7))
    }

    @Test("a checkpoint without word-piece embeddings is reported by name")
    func missingTable() throws {
        let directory = temporaryDirectory("no-embeddings")
        try SafeTensors.write(["x": SafeTensors.Tensor(shape: [1], values: [0])], to: directory + "/model.safetensors")
        do {
            _ = try loadWordPieceEmbeddingTable(checkpointDirectory: directory)
            Issue.record("loading succeeded")
        } catch {
            #expect(error.message.contains("embeddings.word_embeddings.weight"))
        }
    }
}

/// `E[101, 0..<3]` and `E[2143, 0..<3]` of all-MiniLM-L6-v2's word embeddings, read with numpy 2.4.
let miniLMGolden: [[Float]] = [
    [-0.01761939749121666, -0.007600549608469009, 0.047105543315410614],
    [0.01560261007398367, -0.025893064215779305, 0.011757547035813332],
]
