import Foundation

extension BertCheckpoint {
    /// Writes `model.safetensors` and `config.json` of a `BertForSequenceClassification` checkpoint
    /// into `directory` (created if missing), each to a temporary name renamed into place, the
    /// weights first.
    ///
    /// The weights are F32 under their Hugging Face names, `bert.`-prefixed for the encoder and
    /// pooler, `classifier.*` without a prefix, with metadata `{"format": "pt"}` plus
    /// `extraMetadata`. `config.json` holds the `transformers.BertConfig` fields (architectures,
    /// model_type, every size, hidden_act "gelu", layer_norm_eps, dropouts, pad_token_id,
    /// num_labels, id2label / label2id with string keys; `LABEL_i` names when there are no labels).
    /// A configuration without pooler is written without `pooler.dense.*`, so `load` reads it back
    /// as such, while `transformers` would add a freshly initialised pooler.
    /// - Complexity: O(parameter count) time and memory.
    public static func save(configuration: BertConfiguration, parameters: BertParameters, to directory: String,
                            extraMetadata: [String: String]) throws(ModelError) {
        let tensors = parameters.tensors
        precondition(parameters.embeddingNormWeight.count == configuration.hiddenSize
                     && parameters.layers.count == configuration.layerCount
                     && parameters.wordEmbeddings.rowCount == configuration.vocabularySize
                     && parameters.classifierBias.count == configuration.classCount
                     && parameters.poolerBias.isEmpty != configuration.usesPooler,
                     "parameters (H \(parameters.embeddingNormWeight.count), \(parameters.layers.count) layers,"
                     + " V \(parameters.wordEmbeddings.rowCount), \(parameters.classifierBias.count) classes,"
                     + " pooler \(!parameters.poolerBias.isEmpty)) do not match the configuration (H \(configuration.hiddenSize),"
                     + " \(configuration.layerCount) layers, V \(configuration.vocabularySize), \(configuration.classCount) classes,"
                     + " pooler \(configuration.usesPooler))")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelError("Cannot create the model directory \(directory): \(error.localizedDescription).")
        }
        var exported: [String: SafeTensors.Tensor] = [:]
        for tensor in tensors {
            let name = tensor.name.hasPrefix("classifier.") ? tensor.name : encoderPrefix + tensor.name
            exported[name] = SafeTensors.Tensor(shape: tensor.shape, values: parameters[keyPath: tensor.path])
        }
        var metadata = extraMetadata
        metadata["format"] = "pt"
        try SafeTensors.write(exported, to: (directory as NSString).appendingPathComponent(weightsFileName), metadata: metadata)

        let configurationPath = (directory as NSString).appendingPathComponent(configurationFileName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(BertConfigurationFile(configuration: configuration))
                .write(to: URL(fileURLWithPath: configurationPath), options: .atomic)
        } catch {
            throw ModelError("Cannot write \(configurationPath): \(error.localizedDescription). Check that the directory is writable.")
        }
    }
}
