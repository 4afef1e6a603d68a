import Foundation
import LinearAlgebra
import Testing
@testable import Models

/// A tiny BERT: 50 word pieces, 2 layers, H = 32, 4 heads, I = 64, 16 positions.
func tinyBertConfiguration(usesPooler: Bool = true, classCount: Int = 2, labels: [String]? = nil) -> BertConfiguration {
    BertConfiguration(vocabularySize: 50, hiddenSize: 32, layerCount: 2, headCount: 4, intermediateSize: 64,
                      maximumPositionCount: 16, typeVocabularySize: 2, layerNormEpsilon: 1e-12, hiddenDropout: 0.1,
                      attentionDropout: 0.15, padID: 0, classCount: classCount, usesPooler: usesPooler, labels: labels)
}

/// Random weights for `configuration`, with non-trivial LayerNorm γ, β and biases so that a
/// swapped or dropped tensor shows.
func tinyBertParameters(_ configuration: BertConfiguration, seed: UInt64) -> BertParameters {
    var generator = SplitMix64(seed: seed)
    var parameters = BertParameters(configuration: configuration, generator: &generator)
    for tensor in parameters.tensors {
        for index in 0..<tensor.elementCount { parameters[keyPath: tensor.path][index] += 0.01 * generator.nextNormal() }
    }
    return parameters
}

@Suite("BERT checkpoints")
struct BertCheckpointTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// all-MiniLM-L6-v2: `$SALIENCE_MINILM_DIRECTORY` when set (a wrong value fails the test),
    /// else `Data/models/all-MiniLM-L6-v2` when present, else nil (the test is skipped).
    static let miniLMDirectory: String? = {
        if let directory = ProcessInfo.processInfo.environment["SALIENCE_MINILM_DIRECTORY"] { return directory }
        let local = packageRoot + "/Data/models/all-MiniLM-L6-v2"
        return FileManager.default.fileExists(atPath: local + "/model.safetensors") ? local : nil
    }()

    /// Saves a tiny checkpoint into a fresh directory; returns the directory and what was saved.
    func savedCheckpoint(_ name: String, usesPooler: Bool = true, labels: [String]? = nil,
                         metadata: [String: String] = [:]) throws -> (String, BertConfiguration, BertParameters) {
        let configuration = tinyBertConfiguration(usesPooler: usesPooler, classCount: labels?.count ?? 2, labels: labels)
        let parameters = tinyBertParameters(configuration, seed: 7)
        let directory = (temporaryDirectory(name) as NSString).appendingPathComponent("checkpoint")
        try BertCheckpoint.save(configuration: configuration, parameters: parameters, to: directory, extraMetadata: metadata)
        return (directory, configuration, parameters)
    }

    func load(_ directory: String, classCount: Int? = nil, seed: UInt64 = 1) throws(ModelError)
        -> (configuration: BertConfiguration, parameters: BertParameters, hadClassifier: Bool) {
        var generator = SplitMix64(seed: seed)
        return try BertCheckpoint.load(directory: directory, classCount: classCount, generator: &generator)
    }

    /// The message of the `ModelError` that loading `directory` throws, or nil when it loads.
    func loadError(_ directory: String, classCount: Int? = 2) -> String? {
        do {
            _ = try load(directory, classCount: classCount)
            return nil
        } catch {
            return error.message
        }
    }

    func readJSON(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    func writeJSON(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    /// Rewrites `directory/model.safetensors` through `change`.
    func editWeights(_ directory: String, _ change: (inout [String: SafeTensors.Tensor]) -> Void) throws {
        let path = directory + "/model.safetensors"
        var tensors = try SafeTensors.read(path: path)
        change(&tensors)
        try SafeTensors.write(tensors, to: path)
    }

    /// Rewrites `directory/config.json` through `change`.
    func editConfiguration(_ directory: String, _ change: (inout [String: Any]) -> Void) throws {
        var object = try readJSON(directory + "/config.json")
        change(&object)
        try writeJSON(object, to: directory + "/config.json")
    }

    @Test("save then load gives the same configuration and tensors, with and without pooler", arguments: [true, false])
    func roundTrip(usesPooler: Bool) throws {
        let (directory, configuration, parameters) = try savedCheckpoint(
            "bert-round-trip", usesPooler: usesPooler, labels: ["rotten", "fresh", "mixed"], metadata: ["tokenizer": "bert-uncased"])
        let loaded = try load(directory)
        #expect(loaded.hadClassifier)
        #expect(loaded.configuration == configuration)
        #expect(loaded.parameters == parameters)
        #expect(loaded.parameters.poolerBias.count == (usesPooler ? 32 : 0))
        // A given class count equal to the head's is accepted.
        #expect(try load(directory, classCount: 3).parameters == parameters)

        let header = try SafeTensors.readHeader(path: directory + "/model.safetensors")
        #expect(header.metadata == ["format": "pt", "tokenizer": "bert-uncased"])
        #expect(header.entries["bert.embeddings.word_embeddings.weight"]?.shape == [50, 32])
        #expect(header.entries["bert.encoder.layer.1.intermediate.dense.weight"]?.shape == [64, 32])
        #expect(header.entries["classifier.weight"]?.shape == [3, 32] && header.entries["bert.classifier.weight"] == nil)
        #expect((header.entries["bert.pooler.dense.weight"] != nil) == usesPooler)
        #expect(header.entries.count == parameters.tensors.count)
        #expect(header.entries.values.allSatisfy { $0.dtype == "F32" })
    }

    @Test("config.json carries the transformers BertConfig fields, id2label and label2id with string keys")
    func configurationFields() throws {
        let (directory, _, _) = try savedCheckpoint("bert-config-fields", labels: ["rotten", "fresh"])
        let object = try readJSON(directory + "/config.json")
        #expect(object["architectures"] as? [String] == ["BertForSequenceClassification"])
        #expect(object["model_type"] as? String == "bert")
        #expect(object["hidden_act"] as? String == "gelu")
        #expect(object["position_embedding_type"] as? String == "absolute")
        let integers: [String: Int] = [
            "vocab_size": 50, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 64,
            "max_position_embeddings": 16, "type_vocab_size": 2, "pad_token_id": 0, "num_labels": 2,
        ]
        for (key, value) in integers { #expect(object[key] as? Int == value, "\(key)") }
        #expect(object["layer_norm_eps"] as? Double == 1e-12)
        #expect(object["hidden_dropout_prob"] as? Double == 0.1)
        #expect(object["attention_probs_dropout_prob"] as? Double == 0.15)
        #expect(object["id2label"] as? [String: String] == ["0": "rotten", "1": "fresh"])
        #expect(object["label2id"] as? [String: Int] == ["rotten": 0, "fresh": 1])
        // Without labels, the transformers placeholders are written and read back as no labels.
        let (plain, configuration, _) = try savedCheckpoint("bert-config-placeholders")
        #expect(try readJSON(plain + "/config.json")["id2label"] as? [String: String] == ["0": "LABEL_0", "1": "LABEL_1"])
        #expect(try load(plain).configuration.labels == nil && configuration.labels == nil)
    }

    @Test("a BertModel file without classifier loads with or without the bert. prefix and gets a new head", arguments: [false, true])
    func bertModelLayout(prefixed: Bool) throws {
        let (directory, configuration, parameters) = try savedCheckpoint(prefixed ? "bert-model-prefixed" : "bert-model-plain")
        try editWeights(directory) { tensors in
            var renamed: [String: SafeTensors.Tensor] = [:]
            for (name, tensor) in tensors where !name.hasPrefix("classifier.") {
                renamed[prefixed ? name : String(name.dropFirst("bert.".count))] = tensor
            }
            // transformers' BertModel stores the position ids buffer too; it is not a weight.
            renamed[(prefixed ? "bert." : "") + "embeddings.position_ids"] = SafeTensors.Tensor(shape: [1, 16], values: (0..<16).map(Float.init))
            tensors = renamed
        }
        try editConfiguration(directory) { object in
            object["architectures"] = ["BertModel"]
            for key in ["num_labels", "id2label", "label2id"] { object[key] = nil }
        }
        let loaded = try load(directory, classCount: 4, seed: 11)
        #expect(!loaded.hadClassifier)
        var expectedConfiguration = configuration
        expectedConfiguration.classCount = 4
        #expect(loaded.configuration == expectedConfiguration)
        for tensor in parameters.tensors where !tensor.name.hasPrefix("classifier.") {
            #expect(loaded.parameters[keyPath: tensor.path] == parameters[keyPath: tensor.path], "\(tensor.name)")
        }
        // The new head: [4, 32] normal(0, 0.02) weights from the generator, zero bias.
        let head = loaded.parameters.classifierWeight
        #expect(head.rowCount == 4 && head.columnCount == 32)
        #expect(loaded.parameters.classifierBias == [0, 0, 0, 0])
        let deviation = (head.values.map { $0 * $0 }.reduce(0, +) / Float(head.values.count)).squareRoot()
        #expect(deviation > 0.015 && deviation < 0.025)
        #expect(try load(directory, classCount: 4, seed: 11).parameters.classifierWeight == head)
        #expect(try load(directory, classCount: 4, seed: 12).parameters.classifierWeight != head)
        #expect(loadError(directory, classCount: nil)?.contains("no classifier head") == true)
    }

    @Test("the old LayerNorm.gamma / LayerNorm.beta names stand for weight / bias")
    func gammaBetaNames() throws {
        let (directory, configuration, parameters) = try savedCheckpoint("bert-gamma-beta")
        try editWeights(directory) { tensors in
            var renamed: [String: SafeTensors.Tensor] = [:]
            for (name, tensor) in tensors {
                renamed[name.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma")
                    .replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta")] = tensor
            }
            tensors = renamed
        }
        #expect(try SafeTensors.readHeader(path: directory + "/model.safetensors").entries["bert.embeddings.LayerNorm.gamma"] != nil)
        let loaded = try load(directory)
        #expect(loaded.configuration == configuration && loaded.parameters == parameters)
    }

    @Test("a missing or unreadable config.json is reported with its path")
    func configurationMissing() throws {
        let (directory, _, _) = try savedCheckpoint("bert-config-missing")
        try FileManager.default.removeItem(atPath: directory + "/config.json")
        let missing = try #require(loadError(directory))
        #expect(missing.contains(directory + "/config.json") && missing.contains("no readable config.json"))
        try Data("{\"hidden_size\": ".utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
        let garbled = try #require(loadError(directory))
        #expect(garbled.contains(directory + "/config.json") && garbled.contains("not a valid Hugging Face configuration"))
        #expect(!BertCheckpoint.isBert(directory: directory))
    }

    @Test("another architecture is refused naming it and its model_type")
    func otherArchitecture() throws {
        let (directory, _, _) = try savedCheckpoint("bert-other-architecture")
        #expect(BertCheckpoint.isBert(directory: directory))
        try editConfiguration(directory) { object in
            object["architectures"] = ["DistilBertForSequenceClassification"]
            object["model_type"] = "distilbert"
        }
        #expect(!BertCheckpoint.isBert(directory: directory))
        let message = try #require(loadError(directory))
        #expect(message == "\(directory)/config.json has the unsupported architecture DistilBertForSequenceClassification"
            + " (model_type distilbert); salience reads BERT checkpoints (BertModel, BertForSequenceClassification).")
        // An architecture starting with "Bert" is enough, as is model_type "bert" alone.
        try editConfiguration(directory) { object in
            object["architectures"] = ["BertForMaskedLM"]
            object["model_type"] = nil
        }
        #expect(BertCheckpoint.isBert(directory: directory) && loadError(directory) == nil)
        try editConfiguration(directory) { object in
            object["architectures"] = nil
            object["model_type"] = "bert"
        }
        #expect(BertCheckpoint.isBert(directory: directory) && loadError(directory) == nil)
        #expect(!BertCheckpoint.isBert(directory: "/nonexistent/checkpoint"))
    }

    @Test("an activation other than gelu and relative position embeddings are refused by name")
    func unsupportedVariants() throws {
        let (directory, _, _) = try savedCheckpoint("bert-unsupported")
        try editConfiguration(directory) { $0["hidden_act"] = "gelu_new" }
        let activation = try #require(loadError(directory))
        #expect(activation.contains("config.json") && activation.contains("hidden_act \"gelu_new\""))
        try editConfiguration(directory) { object in
            object["hidden_act"] = "gelu"
            object["position_embedding_type"] = "relative_key"
        }
        let position = try #require(loadError(directory))
        #expect(position.contains("config.json") && position.contains("position_embedding_type \"relative_key\""))
        try editConfiguration(directory) { $0["position_embedding_type"] = nil }
        #expect(loadError(directory) == nil)
    }

    @Test("a missing tensor is named in full with the file")
    func missingTensor() throws {
        let (directory, _, _) = try savedCheckpoint("bert-missing-tensor")
        try editWeights(directory) { $0["bert.encoder.layer.1.attention.output.LayerNorm.bias"] = nil }
        #expect(loadError(directory) == "\(directory)/model.safetensors has no tensor 'bert.encoder.layer.1.attention.output.LayerNorm.bias',"
            + " which config.json implies; the checkpoint is incomplete or not a BERT encoder. Download or save it again.")
        let (headless, _, _) = try savedCheckpoint("bert-missing-head-bias")
        try editWeights(headless) { $0["classifier.bias"] = nil }
        #expect(loadError(headless)?.contains("no tensor 'classifier.bias'") == true)
        let (pooled, _, _) = try savedCheckpoint("bert-missing-pooler-bias")
        try editWeights(pooled) { $0["bert.pooler.dense.bias"] = nil }
        #expect(loadError(pooled)?.contains("no tensor 'bert.pooler.dense.bias'") == true)
    }

    @Test("a tensor whose shape disagrees with config.json is named with both shapes")
    func shapeMismatch() throws {
        let (directory, _, _) = try savedCheckpoint("bert-shape-mismatch")
        try editConfiguration(directory) { $0["intermediate_size"] = 48 }
        #expect(loadError(directory) == "\(directory)/model.safetensors: tensor 'bert.encoder.layer.0.intermediate.dense.weight'"
            + " has shape [64, 32] but config.json implies [48, 32]; the two files do not belong together."
            + " Download or save the checkpoint again.")
        let (vocabulary, _, _) = try savedCheckpoint("bert-vocabulary-mismatch")
        try editConfiguration(vocabulary) { $0["vocab_size"] = 30522 }
        let message = try #require(loadError(vocabulary))
        #expect(message.contains("'bert.embeddings.word_embeddings.weight'") && message.contains("[50, 32]") && message.contains("[30522, 32]"))
        let (head, _, _) = try savedCheckpoint("bert-head-width")
        try editWeights(head) { $0["classifier.weight"] = SafeTensors.Tensor(shape: [32, 2], values: $0["classifier.weight"]!.values) }
        #expect(loadError(head)?.contains("tensor 'classifier.weight' has shape [32, 2] but config.json implies [classCount, 32]") == true)
        try editConfiguration(head) { $0["hidden_size"] = 30 }
        #expect(loadError(head)?.contains("hidden_size 30, which num_attention_heads 4 does not divide") == true)
    }

    @Test("a head of another class count than asked for is refused naming both counts")
    func classCountMismatch() throws {
        let (directory, _, _) = try savedCheckpoint("bert-class-count", labels: ["a", "b", "c"])
        let message = try #require(loadError(directory, classCount: 2))
        #expect(message.contains("\(directory)/model.safetensors") && message.contains("3 classes") && message.contains("2 classes"))
        #expect(loadError(directory, classCount: 3) == nil && loadError(directory, classCount: nil) == nil)
    }

    @Test("a vocab.txt of another length than the embedding table is refused naming both counts")
    func vocabularyLength() throws {
        let configuration = tinyBertConfiguration()
        try BertCheckpoint.checkVocabulary(lineCount: 50, directory: "/models/tiny", configuration: configuration)
        #expect(throws: ModelError("vocab.txt in /models/tiny has 49 entries but the embedding table has 50 rows;"
            + " use the vocab.txt that was saved with this checkpoint.")) {
            try BertCheckpoint.checkVocabulary(lineCount: 49, directory: "/models/tiny", configuration: configuration)
        }
        #expect(throws: ModelError.self) {
            try BertCheckpoint.checkVocabulary(lineCount: 51, directory: "/models/tiny", configuration: configuration)
        }
    }

    @Test("all-MiniLM-L6-v2 loads as a 6-layer, 384-wide BertModel with pooler and no head",
          .enabled(if: miniLMDirectory != nil))
    func miniLM() throws {
        let directory = try #require(Self.miniLMDirectory)
        #expect(BertCheckpoint.isBert(directory: directory))
        let loaded = try load(directory, classCount: 2)
        let configuration = loaded.configuration
        #expect(configuration.layerCount == 6 && configuration.hiddenSize == 384 && configuration.headCount == 12)
        #expect(configuration.intermediateSize == 1536 && configuration.vocabularySize == 30522)
        #expect(configuration.maximumPositionCount == 512 && configuration.typeVocabularySize == 2)
        #expect(configuration.layerNormEpsilon == 1e-12 && configuration.padID == 0)
        #expect(configuration.usesPooler && !loaded.hadClassifier && configuration.classCount == 2 && configuration.labels == nil)
        let parameters = loaded.parameters
        #expect(parameters.parameterCount == 22_713_216 + 2 * 384 + 2)
        #expect(approximatelyEqual(Array(parameters.wordEmbeddings.row(101).prefix(3)), miniLMGolden[0], tolerance: 1e-7))
        // Golden values read with numpy from the same file (scripts/bert_reference.py's reader).
        #expect(approximatelyEqual(Array(parameters.layers[5].outputNormBias.prefix(3)), miniLMLastNormBias, tolerance: 1e-7))
        #expect(approximatelyEqual(Array(parameters.layers[2].intermediateWeight.row(7).prefix(3)), miniLMIntermediateRow, tolerance: 1e-7))
        let vocabularyLines = try String(contentsOfFile: directory + "/vocab.txt", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).count - 1
        try BertCheckpoint.checkVocabulary(lineCount: vocabularyLines, directory: directory, configuration: configuration)
    }
}

/// all-MiniLM-L6-v2 `encoder.layer.5.output.LayerNorm.bias[0..<3]`, read with numpy 2.4.
let miniLMLastNormBias: [Float] = [-0.03630739822983742, 0.06616555154323578, 0.014946041628718376]
/// all-MiniLM-L6-v2 `encoder.layer.2.intermediate.dense.weight[7, 0..<3]`, read with numpy 2.4.
let miniLMIntermediateRow: [Float] = [0.21328987181186676, 0.103266142308712, -0.13826648890972137]
