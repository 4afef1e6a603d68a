import Foundation
import Testing
import LinearAlgebra
import Models
import TextData
@testable import Services
import Workspace

@Suite("Added whole tokens are part of the training request")
struct AddedTokensTests {
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "film", "plot", "the", "a"]

    /// A fresh workspace trained on reviews whose positive half carries `ZEBRA_MARK`, with `addedTokens`.
    func train(addedTokens: [String]) throws -> (model: LoadedModel, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-added-\(UUID().uuidString)")
        let checkpoint = directory.appendingPathComponent("checkpoint").path
        try FileManager.default.createDirectory(atPath: checkpoint, withIntermediateDirectories: true)
        try (Self.vocabulary.joined(separator: "\n") + "\n").write(toFile: checkpoint + "/vocab.txt", atomically: true, encoding: .utf8)
        var generator = SplitMix64(seed: 4)
        let table = (0..<(Self.vocabulary.count * 8)).map { _ in generator.nextNormal() }
        try SafeTensors.write(["embeddings.word_embeddings.weight": SafeTensors.Tensor(shape: [Self.vocabulary.count, 8], values: table)],
                              to: checkpoint + "/model.safetensors")
        let examples = (0..<40).map { index in
            Example(id: "e\(index)", text: index % 2 == 0 ? "the ZEBRA_MARK film good" : "a plot bad", label: index % 2 == 0 ? "pos" : "neg",
                    split: index < 24 ? .train : (index < 32 ? .dev : .test))
        }
        let dataset = Dataset(examples: examples, classes: ["neg", "pos"], metadataColumns: [], sourcePath: "marked.csv")
        let workspace = try Workspace.open(directory: directory.appendingPathComponent("workspace").path, create: true)
        var request = TrainingRequest(dataset: dataset, checkpointDirectory: checkpoint, options: TrainingOptions(epochCount: 2, batchSize: 8))
        request.addedTokens = addedTokens
        _ = try workspace.train(request)
        return (try LoadedModel.load(record: workspace.currentModelRecord()), directory)
    }

    @Test("by default nothing is added, even when the data holds the shortcut-like token")
    func noneByDefault() throws {
        let (model, directory) = try train(addedTokens: [])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(model.record.recipe.addedTokens.isEmpty)
        #expect(model.tokenizer?.vocabularySize == Self.vocabulary.count)
        #expect(model.encode("ZEBRA_MARK").count > 3, "split into pieces when not added: \(model.encode("ZEBRA_MARK"))")
    }

    @Test("asked-for tokens get one id each; one already in the vocabulary keeps its id and adds no row")
    func askedForTokens() throws {
        let (model, directory) = try train(addedTokens: ["ZEBRA_MARK", "good"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenizer = try #require(model.tokenizer)
        #expect(model.record.recipe.addedTokens == ["ZEBRA_MARK", "good"])
        #expect(tokenizer.vocabularySize == Self.vocabulary.count + 1)
        #expect(model.classifier?.embeddingTable.rowCount == Self.vocabulary.count + 1)
        #expect(model.encode("ZEBRA_MARK") == [tokenizer.classifierID, Int32(Self.vocabulary.count), tokenizer.separatorID])
        #expect(tokenizer.tokenID("good") == 5)
        let saved = try String(contentsOfFile: (model.record.directory as NSString).appendingPathComponent("vocab.txt"), encoding: .utf8)
        #expect(saved == Self.vocabulary.joined(separator: "\n") + "\n", "vocab.txt holds the checkpoint's vocabulary only")
    }
}
