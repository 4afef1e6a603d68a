import Foundation
import LinearAlgebra
import Models
import TextData
import Workspace

extension Workspace {
    /// Makes an already fine-tuned BERT classifier (a Hugging Face `BertForSequenceClassification`
    /// directory: config.json, model.safetensors, vocab.txt, optionally added_tokens.json) the
    /// current model of `dataset`, without training: the weights are stored in the workspace and
    /// every example is scored.
    ///
    /// The checkpoint must have a classification head with one output per class of the data; when
    /// its `id2label` names the classes, they must be the data's classes in the same order.
    /// - Complexity: one forward pass per example.
    public func adoptCheckpoint(directory checkpointDirectory: String, dataset: Dataset, maximumLength: Int,
                                seed: UInt64) throws(WorkspaceError) -> TrainingOutcome {
        let addedTokens = try Self.addedTokens(checkpointDirectory: checkpointDirectory)
        let recipe = ModelRecipe(
            kind: "bert", datasetHash: dataset.contentHash, classes: dataset.classes,
            checkpointDirectory: (checkpointDirectory as NSString).standardizingPath, addedTokens: addedTokens,
            maximumLength: maximumLength, epochCount: 0, batchSize: 0, learningRate: 0, patience: 0, trainEmbeddings: false, seed: seed)
        if let existing = try modelRecord(recipeKey: recipe.key) {
            try write { db in
                try Self.storeDataset(dataset, hash: dataset.contentHash, in: db)
                try Self.setState("currentModel", existing.fingerprint, in: db)
            }
            return TrainingOutcome(record: existing, report: nil, reused: true)
        }
        var generator = SplitMix64(seed: seed)
        let loaded: (configuration: BertConfiguration, parameters: BertParameters, hadClassifier: Bool)
        do {
            loaded = try BertCheckpoint.load(directory: checkpointDirectory, classCount: nil, generator: &generator)
        } catch {
            if error.message.contains("no classifier head") {
                throw WorkspaceError("The checkpoint \(checkpointDirectory) has no classification head (classifier.weight); fine-tune it first with `salience train --model bert --checkpoint \(checkpointDirectory)`.")
            }
            throw WorkspaceError(error.message)
        }
        let tokenizer: WordPieceTokenizer
        do {
            tokenizer = try WordPieceTokenizer(vocabularyPath: (checkpointDirectory as NSString).appendingPathComponent("vocab.txt"), addedTokens: addedTokens)
        } catch {
            throw WorkspaceError("\(error.message) A checkpoint for --checkpoint needs config.json, model.safetensors and vocab.txt.")
        }
        do {
            try BertCheckpoint.checkVocabulary(lineCount: tokenizer.vocabularySize, directory: checkpointDirectory, configuration: loaded.configuration)
        } catch {
            throw WorkspaceError(error.message)
        }
        guard loaded.configuration.classCount == dataset.classes.count else {
            throw WorkspaceError("The checkpoint \(checkpointDirectory) has \(loaded.configuration.classCount) output classes but \(dataset.sourcePath) has \(dataset.classes.count) (\(dataset.classes.joined(separator: ", "))); use data with the model's classes.")
        }
        if let labels = loaded.configuration.labels, labels != dataset.classes {
            if Set(labels) == Set(dataset.classes) {
                throw WorkspaceError("The checkpoint \(checkpointDirectory) orders its classes \(labels.joined(separator: ", ")) but the data gives \(dataset.classes.joined(separator: ", ")); pass --classes \(labels.joined(separator: ",")).")
            }
            throw WorkspaceError("The checkpoint \(checkpointDirectory) was trained on the classes \(labels.joined(separator: ", ")) but \(dataset.sourcePath) has \(dataset.classes.joined(separator: ", ")); map the labels or pass the right --label-column.")
        }
        var configuration = loaded.configuration
        configuration.labels = dataset.classes
        let model = BertClassifier(configuration: configuration, parameters: loaded.parameters)
        let sequences = dataset.examples.map { tokenizer.encode($0.text, maxLength: maximumLength) }
        let record = try storeModel(model, tokenizer: tokenizer, recipe: recipe, dataset: dataset, sequences: sequences, report: nil) { directory in
            try BertCheckpoint.save(configuration: model.configuration, parameters: model.parameters, to: directory,
                                    extraMetadata: ["salience.recipe": JSON.string(recipe)])
        }
        return TrainingOutcome(record: record, report: nil, reused: false)
    }

    /// The added tokens of a checkpoint's added_tokens.json (`{"TOKEN": id, …}`), in id order; none when the file is absent.
    static func addedTokens(checkpointDirectory: String) throws(WorkspaceError) -> [String] {
        let path = (checkpointDirectory as NSString).appendingPathComponent("added_tokens.json")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else {
            throw WorkspaceError("\(path) is not a JSON object of token → id; fix or remove it.")
        }
        return object.sorted { $0.value < $1.value }.map(\.key)
    }
}
