import Foundation
import LinearAlgebra

/// Reads and writes Hugging Face BERT checkpoint directories (`config.json` + `model.safetensors`):
/// `BertModel` files with or without the `bert.` prefix and `BertForSequenceClassification` files.
public enum BertCheckpoint {
    /// File name of the weights inside a checkpoint directory.
    public static let weightsFileName = "model.safetensors"
    /// File name of the configuration inside a checkpoint directory.
    public static let configurationFileName = "config.json"
    /// File name of the word-piece vocabulary inside a checkpoint directory.
    public static let vocabularyFileName = "vocab.txt"
    /// Prefix of the encoder's and pooler's tensor names in `BertForSequenceClassification` files.
    public static let encoderPrefix = "bert."

    /// Reads `config.json` and `model.safetensors` of the Hugging Face BERT checkpoint in `directory`.
    ///
    /// Encoder and pooler tensors may carry the `bert.` prefix or not; the old `LayerNorm.gamma` /
    /// `LayerNorm.beta` names stand for `LayerNorm.weight` / `LayerNorm.bias`; other tensors
    /// (`embeddings.position_ids`, masked-LM heads) are ignored. `usesPooler` is whether the file has
    /// `pooler.dense.*`. A `classifier.weight` `[C, H]` / `classifier.bias` `[C]` pair is the head
    /// (labels from `id2label`); without one, a head of `classCount` classes is drawn from
    /// `generator` (normal(0, 0.02) weights, zero bias) and `hadClassifier` is false.
    ///
    /// Throws a `ModelError` naming the file when `config.json` is missing or unreadable, describes
    /// another architecture, a `hidden_act` other than `gelu` or a `position_embedding_type` other
    /// than `absolute`; when a tensor is missing or has a shape other than the configuration implies;
    /// when the file has a head and `classCount` differs from its class count; and when it has none
    /// and `classCount` is nil.
    /// - Complexity: O(parameter count) time and memory.
    public static func load(directory: String, classCount: Int?, generator: inout SplitMix64)
        throws(ModelError) -> (configuration: BertConfiguration, parameters: BertParameters, hadClassifier: Bool) {
        precondition(classCount.map { $0 > 0 } ?? true, "classCount must be positive, got \(classCount!)")
        let configurationPath = (directory as NSString).appendingPathComponent(configurationFileName)
        let weightsPath = (directory as NSString).appendingPathComponent(weightsFileName)
        let file = try BertConfigurationFile.read(directory: directory)
        var configuration = try file.encoderConfiguration(path: configurationPath)
        let header = try SafeTensors.readHeader(path: weightsPath)
        let prefix = header.entries[encoderPrefix + "embeddings.word_embeddings.weight"] != nil ? encoderPrefix : ""
        configuration.usesPooler = header.entries[prefix + "pooler.dense.weight"] != nil

        let hadClassifier = header.entries["classifier.weight"] != nil
        if let classifier = header.entries["classifier.weight"] {
            let shape = classifier.shape
            guard shape.count == 2, shape[0] > 0, shape[1] == configuration.hiddenSize else {
                throw shapeError(name: "classifier.weight", expected: "[classCount, \(configuration.hiddenSize)]", found: shape,
                                 path: weightsPath)
            }
            if let classCount, classCount != shape[0] {
                throw ModelError("\(weightsPath) has a classifier head of \(shape[0]) classes but \(classCount) classes were asked for;"
                    + " use data with \(shape[0]) classes, or start from the encoder without its head (a BertModel checkpoint).")
            }
            configuration.classCount = shape[0]
            configuration.labels = file.labels(classCount: shape[0])
        } else {
            guard let classCount else {
                throw ModelError("\(weightsPath) has no classifier head (classifier.weight) and no class count was given;"
                    + " pass the number of classes so that a new head can be initialised.")
            }
            configuration.classCount = classCount
        }

        try checkSizes(configuration, header: header, prefix: prefix, path: weightsPath)
        var parameters = emptyParameters(configuration: configuration)
        var fileNames: [String] = []
        for tensor in parameters.tensors {
            let isHead = tensor.name.hasPrefix("classifier.")
            if isHead && !hadClassifier { fileNames.append(""); continue }
            let candidates = fileNameCandidates(for: tensor.name, prefix: isHead ? "" : prefix)
            guard let name = candidates.first(where: { header.entries[$0] != nil }) else {
                throw ModelError("\(weightsPath) has no tensor '\(candidates[0])', which config.json implies;"
                    + " the checkpoint is incomplete or not a BERT encoder. Download or save it again.")
            }
            let found = header.entries[name]!.shape
            guard found == tensor.shape else {
                throw shapeError(name: name, expected: "\(tensor.shape)", found: found, path: weightsPath)
            }
            fileNames.append(name)
        }
        let unused = Set(header.entries.keys).subtracting(fileNames).filter { !$0.hasSuffix("position_ids") }.sorted()
        if !unused.isEmpty {
            let sample = unused.prefix(5).joined(separator: ", ") + (unused.count > 5 ? ", …" : "")
            FileHandle.standardError.write(Data("warning: \(weightsPath) holds \(unused.count) tensors that config.json does not use (\(sample)); check num_hidden_layers and the other sizes in config.json.\n".utf8))
        }
        let values = try SafeTensors.read(path: weightsPath, names: fileNames.filter { !$0.isEmpty })
        for (tensor, name) in zip(parameters.tensors, fileNames) where !name.isEmpty {
            parameters[keyPath: tensor.path] = values[name]!.values
        }
        if !hadClassifier {
            for index in parameters.classifierWeight.values.indices {
                parameters.classifierWeight.values[index] = generator.nextNormal() * 0.02
            }
        }
        return (configuration, parameters, hadClassifier)
    }

    /// `load(directory:classCount:generator:)`, then the check that the folder's vocab.txt, of
    /// `expectedRowCount` entries (the added tokens the table already has rows for included),
    /// matches the embedding table.
    public static func load(directory: String, classCount: Int?, expectedRowCount: Int, generator: inout SplitMix64)
        throws(ModelError) -> (configuration: BertConfiguration, parameters: BertParameters, hadClassifier: Bool) {
        let loaded = try load(directory: directory, classCount: classCount, generator: &generator)
        try checkVocabulary(lineCount: expectedRowCount, directory: directory, configuration: loaded.configuration)
        return loaded
    }

    /// Whether `directory/config.json` describes a BERT model (`model_type` "bert" or an
    /// architecture whose name starts with "Bert"); false when it is missing or unreadable.
    public static func isBert(directory: String) -> Bool {
        (try? BertConfigurationFile.read(directory: directory))?.isBert ?? false
    }

    /// Checks that the `vocab.txt` of `directory`, of `lineCount` entries, matches the embedding
    /// table of `configuration` row for row; a `ModelError` naming both counts when it does not.
    public static func checkVocabulary(lineCount: Int, directory: String, configuration: BertConfiguration) throws(ModelError) {
        guard lineCount == configuration.vocabularySize else {
            throw ModelError("\(vocabularyFileName) in \(directory) has \(lineCount) entries but the embedding table has"
                + " \(configuration.vocabularySize) rows; use the vocab.txt that was saved with this checkpoint.")
        }
    }

    /// Names a tensor may have in a file: with the prefix, then the old `gamma` / `beta` LayerNorm names.
    static func fileNameCandidates(for name: String, prefix: String) -> [String] {
        var candidates = [prefix + name]
        if name.hasSuffix("LayerNorm.weight") {
            candidates.append(prefix + name.dropLast("weight".count) + "gamma")
        } else if name.hasSuffix("LayerNorm.bias") {
            candidates.append(prefix + name.dropLast("bias".count) + "beta")
        }
        return candidates
    }

    private static func shapeError(name: String, expected: String, found: [Int], path: String) -> ModelError {
        ModelError("\(path): tensor '\(name)' has shape \(found) but config.json implies \(expected);"
            + " the two files do not belong together. Download or save the checkpoint again.")
    }

    /// Checks every size in config.json against the shapes of the tensors in the header before
    /// anything of those sizes is allocated: the embedding tables, the first layer's feed-forward
    /// width, and that exactly `layerCount` layers are there.
    /// - Complexity: O(layerCount) dictionary look-ups, stopping at the first missing layer.
    private static func checkSizes(_ configuration: BertConfiguration, header: SafeTensors.Header, prefix: String, path: String) throws(ModelError) {
        let hidden = configuration.hiddenSize
        let expected: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [configuration.vocabularySize, hidden]),
            ("embeddings.position_embeddings.weight", [configuration.maximumPositionCount, hidden]),
            ("embeddings.token_type_embeddings.weight", [configuration.typeVocabularySize, hidden]),
            ("encoder.layer.0.intermediate.dense.weight", [configuration.intermediateSize, hidden]),
        ]
        for (name, shape) in expected {
            guard let entry = header.entries[prefix + name] else {
                throw ModelError("\(path) has no tensor '\(prefix + name)', which config.json implies;"
                    + " the checkpoint is incomplete or not a BERT encoder. Download or save it again.")
            }
            guard entry.shape == shape else { throw shapeError(name: prefix + name, expected: "\(shape)", found: entry.shape, path: path) }
        }
        var layer = 0
        while layer < configuration.layerCount, header.entries[prefix + "encoder.layer.\(layer).attention.self.query.weight"] != nil { layer += 1 }
        guard layer == configuration.layerCount else {
            throw ModelError("\(path) holds \(layer) encoder layers but config.json says num_hidden_layers is \(configuration.layerCount);"
                + " the two files do not belong together. Download or save the checkpoint again.")
        }
        if header.entries[prefix + "encoder.layer.\(layer).attention.self.query.weight"] != nil {
            var present = layer
            while header.entries[prefix + "encoder.layer.\(present).attention.self.query.weight"] != nil { present += 1 }
            FileHandle.standardError.write(Data("warning: \(path) holds \(present) encoder layers but config.json says num_hidden_layers is \(configuration.layerCount); layers \(layer) to \(present - 1) are not used.\n".utf8))
        }
    }

    /// Parameters of `configuration`'s shapes, all zero (the pooler empty unless `usesPooler`).
    /// - Complexity: O(parameter count).
    private static func emptyParameters(configuration: BertConfiguration) -> BertParameters {
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        // The smallest valid parameters, then every field replaced by zeros of the real shape.
        var unused = SplitMix64(seed: 0)
        var parameters = BertParameters(
            configuration: BertConfiguration(vocabularySize: 0, hiddenSize: 1, layerCount: 0, headCount: 1, intermediateSize: 0,
                                             maximumPositionCount: 0, typeVocabularySize: 0, classCount: 0, usesPooler: false),
            generator: &unused)
        let zeros = { (count: Int) in [Float](repeating: 0, count: count) }
        parameters.wordEmbeddings = Matrix(rowCount: configuration.vocabularySize, columnCount: hidden)
        parameters.positionEmbeddings = Matrix(rowCount: configuration.maximumPositionCount, columnCount: hidden)
        parameters.tokenTypeEmbeddings = Matrix(rowCount: configuration.typeVocabularySize, columnCount: hidden)
        parameters.embeddingNormWeight = zeros(hidden)
        parameters.embeddingNormBias = zeros(hidden)
        parameters.layers = (0..<configuration.layerCount).map { _ in
            BertLayerParameters(
                queryWeight: Matrix(rowCount: hidden, columnCount: hidden), queryBias: zeros(hidden),
                keyWeight: Matrix(rowCount: hidden, columnCount: hidden), keyBias: zeros(hidden),
                valueWeight: Matrix(rowCount: hidden, columnCount: hidden), valueBias: zeros(hidden),
                attentionOutputWeight: Matrix(rowCount: hidden, columnCount: hidden), attentionOutputBias: zeros(hidden),
                attentionNormWeight: zeros(hidden), attentionNormBias: zeros(hidden),
                intermediateWeight: Matrix(rowCount: intermediate, columnCount: hidden), intermediateBias: zeros(intermediate),
                outputWeight: Matrix(rowCount: hidden, columnCount: intermediate), outputBias: zeros(hidden),
                outputNormWeight: zeros(hidden), outputNormBias: zeros(hidden))
        }
        parameters.poolerWeight = Matrix(rowCount: configuration.usesPooler ? hidden : 0, columnCount: hidden)
        parameters.poolerBias = configuration.usesPooler ? zeros(hidden) : []
        parameters.classifierWeight = Matrix(rowCount: configuration.classCount, columnCount: hidden)
        parameters.classifierBias = zeros(configuration.classCount)
        return parameters
    }
}
