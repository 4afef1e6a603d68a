import Diagnostics
import Foundation
import LinearAlgebra
import TextData

/// BERT-style encoders fine-tuned end to end (the paper's setting), read from and written to
/// Hugging Face `BertForSequenceClassification` folders: family `bert`.
public struct BERTFamily: ModelFamily {
    /// A stateless family value.
    public init() {}

    /// 3 epochs of batches of 16 at a peak AdamW rate of 2e-5, patience 2, sequences up to 64
    /// tokens; masks with `[MASK]` (the encoder was pre-trained to read it); a BERT gradient call
    /// keeps every layer's activations, so 64 sequences at a time; reads fine-tuned Hugging Face checkpoints.
    public let traits = ModelFamilyTraits(
        name: "bert", summary: "fine-tune the checkpoint's BERT encoder with AdamW, linear warm-up and decay",
        defaultTrainingOptions: TrainingOptions(epochCount: 3, batchSize: 16, learningRate: 2e-5, patience: 2, maximumLength: 64),
        maskToken: "[MASK]", gradientBatchSize: 64, adoptsCheckpoints: true)

    /// Fine-tunes the checkpoint's encoder with a new head (see `BertClassifier.toFineTune`).
    public func train(_ request: ClassifierTrainingRequest,
                      progress: (TrainingProgress) -> Void) throws(ModelError) -> (classifier: any TextClassifier, report: TrainingReport) {
        let model = try BertClassifier.toFineTune(checkpointDirectory: request.checkpointDirectory,
                                                  vocabularySize: request.tokenizer.vocabularySize,
                                                  addedTokenCount: request.addedTokenCount, classes: request.classes,
                                                  seed: request.options.seed)
        let report = BertTrainer.train(model, trainingSequences: request.trainingSequences, trainingLabels: request.trainingLabels,
                                       devSequences: request.devSequences, devLabels: request.devLabels,
                                       options: request.options, progress: progress)
        return (model, report)
    }

    /// The fine-tuned model saved in `directory`; its table must have one row per token id.
    public func load(directory: String, classCount: Int, vocabularySize: Int, seed: UInt64) throws(ModelError) -> any TextClassifier {
        var generator = SplitMix64(seed: seed)
        let (configuration, parameters, _) = try BertCheckpoint.load(directory: directory, classCount: classCount,
                                                                     expectedRowCount: vocabularySize, generator: &generator)
        return BertClassifier(configuration: configuration, parameters: parameters)
    }

    /// A `BertForSequenceClassification` checkpoint (`config.json`, `model.safetensors`).
    public func save(_ classifier: any TextClassifier, to directory: String, metadata: [String: String]) throws(ModelError) {
        let model = bert(classifier)
        try BertCheckpoint.save(configuration: model.configuration, parameters: model.parameters, to: directory, extraMetadata: metadata)
    }

    /// A Hugging Face `BertForSequenceClassification` folder that `transformers` reads: config.json
    /// with id2label, model.safetensors, vocab.txt, added_tokens.json for added whole tokens,
    /// tokenizer_config.json and special_tokens_map.json.
    public func export(_ classifier: any TextClassifier, tokenizer: WordPieceTokenizer, savedDirectory: String, to directory: String,
                       metadata: [String: String]) throws(ModelError) -> [String] {
        let model = bert(classifier)
        try save(model, to: directory, metadata: metadata)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        var written = ["config.json", "model.safetensors"]
        written += try CheckpointFolder.copyFiles(from: savedDirectory, to: directory, only: [BertCheckpoint.vocabularyFileName])
        let specialTokens = ["unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"]
        var tokenizerConfiguration: [String: Any] = ["tokenizer_class": "BertTokenizer", "do_lower_case": true,
                                                     "model_max_length": model.configuration.maximumPositionCount]
        tokenizerConfiguration.merge(specialTokens) { first, _ in first }
        var files: [(String, Any, JSONSerialization.WritingOptions)] = [
            ("tokenizer_config.json", tokenizerConfiguration, [.sortedKeys, .prettyPrinted]),
            ("special_tokens_map.json", specialTokens, [.sortedKeys, .prettyPrinted]),
        ]
        if !tokenizer.addedTokens.isEmpty {
            let added = Dictionary(uniqueKeysWithValues: tokenizer.addedTokens.map { ($0, Int(tokenizer.tokenID($0)!)) })
            files.insert(("added_tokens.json", added, [.sortedKeys]), at: 0)
        }
        for (name, object, options) in files {
            do {
                try JSONSerialization.data(withJSONObject: object, options: options).write(to: URL(fileURLWithPath: path(name)))
            } catch {
                throw ModelError("Cannot write \(path(name)): \(error.localizedDescription).")
            }
            written.append(name)
        }
        return written
    }

    /// Whether `config.json` describes a BERT model.
    public func recognizes(checkpointDirectory: String) -> Bool {
        BertCheckpoint.isBert(directory: checkpointDirectory)
    }

    /// An already fine-tuned `BertForSequenceClassification` folder (config.json, model.safetensors,
    /// vocab.txt, optionally added_tokens.json). It must have a classification head with one
    /// output per class; when its `id2label` names the classes, they must be `classes` in the same order,
    /// unless the data's labels are the integers 0…C−1, which are read as class indices (see `AdoptedClassifier.note`).
    public func adopt(checkpointDirectory directory: String, classes: [String], dataDescription: String) throws(ModelError) -> AdoptedClassifier {
        let addedTokens = try Self.addedTokens(checkpointDirectory: directory)
        var generator = SplitMix64(seed: 0)
        let loaded: (configuration: BertConfiguration, parameters: BertParameters, hadClassifier: Bool)
        do {
            loaded = try BertCheckpoint.load(directory: directory, classCount: nil, generator: &generator)
        } catch {
            if error.message.contains("no classifier head") {
                throw ModelError("The checkpoint \(directory) has no classification head (classifier.weight), so it cannot classify before it is fine-tuned.",
                                 nextStep: .fineTuneCheckpoint(directory))
            }
            throw error
        }
        let tokenizer: WordPieceTokenizer
        do {
            tokenizer = try WordPieceTokenizer(vocabularyPath: (directory as NSString).appendingPathComponent(BertCheckpoint.vocabularyFileName),
                                               addedTokens: addedTokens)
        } catch {
            throw ModelError("\(error.message) A checkpoint folder needs config.json, model.safetensors and vocab.txt.")
        }
        try BertCheckpoint.checkVocabulary(lineCount: tokenizer.vocabularySize, directory: directory, configuration: loaded.configuration)
        let listed = classes.joined(separator: ", ")
        guard loaded.configuration.classCount == classes.count else {
            throw ModelError("The checkpoint \(directory) has \(loaded.configuration.classCount) output classes but \(dataDescription) has \(classes.count) (\(listed)); the data must have the model's classes.")
        }
        var note: String?
        if let labels = loaded.configuration.labels, labels != classes, classes == classes.indices.map(String.init) {
            // Integer labels 0…C−1 are class indices, as `transformers` reads them.
            let pairs = labels.indices.map { "\($0) = \(labels[$0])" }.joined(separator: ", ")
            note = "The labels of \(dataDescription) are the integers 0…\(classes.count - 1): read as class indices of the checkpoint's id2label (\(pairs))."
        } else if let labels = loaded.configuration.labels, labels != classes {
            if Set(labels) == Set(classes) {
                throw ModelError("The checkpoint \(directory) orders its classes \(labels.joined(separator: ", ")) but the data gives \(listed).",
                                 nextStep: .chooseValue(parameter: "classes", advice: labels.joined(separator: ",")))
            }
            throw ModelError("The checkpoint \(directory) was trained on the classes \(labels.joined(separator: ", ")) but \(dataDescription) has \(listed).",
                             nextStep: .chooseValue(parameter: "labelColumn", advice: "the column that holds \(labels.joined(separator: ", "))"))
        }
        var configuration = loaded.configuration
        configuration.labels = classes
        var adopted = AdoptedClassifier(classifier: BertClassifier(configuration: configuration, parameters: loaded.parameters), tokenizer: tokenizer)
        adopted.note = note
        return adopted
    }

    /// The added tokens of a checkpoint's added_tokens.json (`{"TOKEN": id, …}`), in id order; none when the file is absent.
    static func addedTokens(checkpointDirectory: String) throws(ModelError) -> [String] {
        let path = (checkpointDirectory as NSString).appendingPathComponent("added_tokens.json")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else {
            throw ModelError("\(path) is not a JSON object of token → id; fix or remove it.")
        }
        return object.sorted { $0.value < $1.value }.map(\.key)
    }

    private func bert(_ classifier: any TextClassifier) -> BertClassifier {
        guard let model = classifier as? BertClassifier else { preconditionFailure("The bert family was given a \(type(of: classifier))") }
        return model
    }
}
