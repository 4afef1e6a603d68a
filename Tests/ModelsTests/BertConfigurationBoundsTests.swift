import Foundation
import Testing
@testable import Models

/// Every size in config.json is checked against the tensors before anything of that size is
/// allocated (a lying size used to abort the process with "failed to allocate 224000000032 bytes").
@Suite("BERT config.json sizes against the tensors")
struct BertConfigurationBoundsTests {
    let checkpoints = BertCheckpointTests()

    @Test("a size of 1,000,000,000 in any field is a sentence naming the file and the field, not an allocation", arguments: [
        ("num_hidden_layers", "num_hidden_layers"), ("vocab_size", "word_embeddings"), ("intermediate_size", "intermediate.dense"),
        ("max_position_embeddings", "position_embeddings"), ("type_vocab_size", "token_type_embeddings"),
    ])
    func hugeSizes(field: String, named: String) throws {
        let (directory, _, _) = try checkpoints.savedCheckpoint("bounds-\(field)")
        try checkpoints.editConfiguration(directory) { $0[field] = 1_000_000_000 }
        let message = try #require(checkpoints.loadError(directory))
        #expect(message.contains("config.json") || message.contains(directory))
        #expect(message.contains(named), "\(message)")
    }

    @Test("fewer layers in config.json than in the file loads those layers and names the unused ones; more is refused")
    func layerCounts() throws {
        let (directory, _, _) = try checkpoints.savedCheckpoint("bounds-layers")
        try checkpoints.editConfiguration(directory) { $0["num_hidden_layers"] = 1 }
        let loaded = try checkpoints.load(directory, classCount: 2)
        #expect(loaded.configuration.layerCount == 1 && loaded.parameters.layers.count == 1)
        try checkpoints.editConfiguration(directory) { $0["num_hidden_layers"] = 3 }
        let message = try #require(checkpoints.loadError(directory))
        #expect(message.contains("holds 2 encoder layers") && message.contains("num_hidden_layers is 3"), "\(message)")
    }
}
