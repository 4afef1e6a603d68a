import Foundation

/// The fields of a Hugging Face BERT `config.json` this build reads and writes (names as
/// `transformers.BertConfig` spells them; every other key is ignored on reading).
struct BertConfigurationFile: Codable {
    var architectures: [String]?
    var modelType: String?
    var vocabularySize: Int?
    var hiddenSize: Int?
    var layerCount: Int?
    var headCount: Int?
    var intermediateSize: Int?
    var hiddenActivation: String?
    var hiddenDropout: Double?
    var attentionDropout: Double?
    var maximumPositionCount: Int?
    var typeVocabularySize: Int?
    var layerNormEpsilon: Double?
    var padID: Int?
    var positionEmbeddingType: String?
    var initializerRange: Double?
    var labelCount: Int?
    var idToLabel: [String: String]?
    var labelToID: [String: Int]?

    enum CodingKeys: String, CodingKey {
        case architectures
        case modelType = "model_type"
        case vocabularySize = "vocab_size"
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenActivation = "hidden_act"
        case hiddenDropout = "hidden_dropout_prob"
        case attentionDropout = "attention_probs_dropout_prob"
        case maximumPositionCount = "max_position_embeddings"
        case typeVocabularySize = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case padID = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type"
        case initializerRange = "initializer_range"
        case labelCount = "num_labels"
        case idToLabel = "id2label"
        case labelToID = "label2id"
    }

    /// Whether the file describes a BERT model: `model_type` "bert" or an architecture whose
    /// name starts with "Bert" (`BertModel`, `BertForSequenceClassification`, …).
    var isBert: Bool {
        modelType == "bert" || (architectures ?? []).contains { $0.hasPrefix("Bert") }
    }

    /// The file's fields for `configuration`, as `BertForSequenceClassification` would save them.
    init(configuration: BertConfiguration) {
        /// The shortest decimal that reads back as the same `Float` (`1e-12`, not `9.9999999600419720e-13`).
        func decimal(_ value: Float) -> Double { Double(String(value)) ?? Double(value) }
        let labels = configuration.labels ?? (0..<configuration.classCount).map { "LABEL_\($0)" }
        architectures = ["BertForSequenceClassification"]
        modelType = "bert"
        vocabularySize = configuration.vocabularySize
        hiddenSize = configuration.hiddenSize
        layerCount = configuration.layerCount
        headCount = configuration.headCount
        intermediateSize = configuration.intermediateSize
        hiddenActivation = "gelu"
        hiddenDropout = decimal(configuration.hiddenDropout)
        attentionDropout = decimal(configuration.attentionDropout)
        maximumPositionCount = configuration.maximumPositionCount
        typeVocabularySize = configuration.typeVocabularySize
        layerNormEpsilon = decimal(configuration.layerNormEpsilon)
        padID = Int(configuration.padID)
        positionEmbeddingType = "absolute"
        initializerRange = 0.02
        labelCount = configuration.classCount
        idToLabel = Dictionary(uniqueKeysWithValues: labels.enumerated().map { (String($0.offset), $0.element) })
        labelToID = Dictionary(labels.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads and decodes `directory/config.json`.
    static func read(directory: String) throws(ModelError) -> BertConfigurationFile {
        let path = (directory as NSString).appendingPathComponent(BertCheckpoint.configurationFileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError("Cannot read \(path): there is no readable config.json in that directory."
                + " Point to a Hugging Face BERT checkpoint directory (config.json, model.safetensors, vocab.txt).")
        }
        do {
            return try JSONDecoder().decode(BertConfigurationFile.self, from: data)
        } catch {
            throw ModelError("\(path) is not a valid Hugging Face configuration (\(error)). Download or save the checkpoint again.")
        }
    }

    /// The encoder's shape (head fields left at one class, no pooler, no labels), after checking
    /// that the file describes a BERT encoder this build can run; `path` names the file in errors.
    func encoderConfiguration(path: String) throws(ModelError) -> BertConfiguration {
        guard isBert else {
            let architecture = (architectures ?? []).isEmpty ? "none" : (architectures ?? []).joined(separator: ", ")
            throw ModelError("\(path) has the unsupported architecture \(architecture) (model_type \(modelType ?? "none"));"
                + " salience reads BERT checkpoints (BertModel, BertForSequenceClassification).")
        }
        let activation = hiddenActivation ?? "gelu"
        guard activation == "gelu" else {
            throw ModelError("\(path) has the unsupported hidden_act \"\(activation)\"; salience runs BERT encoders with the exact"
                + " (erf) \"gelu\" only. Use a checkpoint trained with hidden_act gelu.")
        }
        let positionType = positionEmbeddingType ?? "absolute"
        guard positionType == "absolute" else {
            throw ModelError("\(path) has the unsupported position_embedding_type \"\(positionType)\"; salience runs BERT encoders"
                + " with \"absolute\" position embeddings only. Use a checkpoint with absolute positions.")
        }
        func required(_ value: Int?, _ key: CodingKeys) throws(ModelError) -> Int {
            guard let value else {
                throw ModelError("\(path) lacks \(key.rawValue); a BERT config.json needs vocab_size, hidden_size, num_hidden_layers,"
                    + " num_attention_heads and intermediate_size. Download or save the checkpoint again.")
            }
            guard value > 0 else {
                throw ModelError("\(path) has \(key.rawValue) \(value); it must be positive. Download or save the checkpoint again.")
            }
            return value
        }
        let vocabularySize = try required(vocabularySize, .vocabularySize)
        let hiddenSize = try required(hiddenSize, .hiddenSize)
        let layerCount = try required(layerCount, .layerCount)
        let headCount = try required(headCount, .headCount)
        let intermediateSize = try required(intermediateSize, .intermediateSize)
        let maximumPositionCount = try required(maximumPositionCount ?? 512, .maximumPositionCount)
        let typeVocabularySize = try required(typeVocabularySize ?? 2, .typeVocabularySize)
        guard hiddenSize % headCount == 0 else {
            throw ModelError("\(path) has hidden_size \(hiddenSize), which num_attention_heads \(headCount) does not divide;"
                + " the file is not a valid BERT configuration.")
        }
        let padID = padID ?? 0
        guard (0..<vocabularySize).contains(padID) else {
            throw ModelError("\(path) has pad_token_id \(padID) outside the vocabulary of \(vocabularySize) tokens;"
                + " fix pad_token_id in config.json.")
        }
        return BertConfiguration(
            vocabularySize: vocabularySize, hiddenSize: hiddenSize, layerCount: layerCount, headCount: headCount,
            intermediateSize: intermediateSize, maximumPositionCount: maximumPositionCount, typeVocabularySize: typeVocabularySize,
            layerNormEpsilon: Float(layerNormEpsilon ?? 1e-12), hiddenDropout: Float(hiddenDropout ?? 0.1),
            attentionDropout: Float(attentionDropout ?? 0.1), padID: Int32(padID), classCount: 1, usesPooler: false, labels: nil)
    }

    /// Class names by index from `id2label` when it names exactly `classCount` classes `0..<classCount`
    /// with something other than the `LABEL_i` placeholders `transformers` writes by default.
    func labels(classCount: Int) -> [String]? {
        guard let idToLabel, idToLabel.count == classCount else { return nil }
        var labels: [String] = []
        for index in 0..<classCount {
            guard let label = idToLabel[String(index)] else { return nil }
            labels.append(label)
        }
        return labels == (0..<classCount).map({ "LABEL_\($0)" }) ? nil : labels
    }
}
