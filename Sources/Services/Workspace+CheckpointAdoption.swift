import Foundation
import LinearAlgebra
import Models
import TextData
import Workspace

extension Workspace {
    /// Makes a classifier fine-tuned elsewhere (for BERT, a Hugging Face
    /// `BertForSequenceClassification` folder) the current model of `dataset`, without training:
    /// the family that reads the checkpoint (`ModelFamilyRegistry.adoptingFamily`) loads it, the
    /// weights are stored in the workspace and every example is scored.
    ///
    /// The checkpoint must classify into the data's classes, in the same order when it names them;
    /// integer labels 0…C−1 are read as class indices (the outcome's `note` says so).
    /// - Complexity: one forward pass per example.
    public func adoptCheckpoint(directory checkpointDirectory: String, dataset: Dataset, maximumLength: Int,
                                seed: UInt64) throws(WorkspaceError) -> TrainingOutcome {
        guard let family = ModelFamilyRegistry.shared.adoptingFamily(checkpointDirectory: checkpointDirectory) else {
            throw WorkspaceError("No model family of this program reads a checkpoint trained elsewhere, so \(checkpointDirectory) cannot be used.",
                                 nextStep: .trainModel)
        }
        let adopted: AdoptedClassifier
        do {
            adopted = try family.adopt(checkpointDirectory: checkpointDirectory, classes: dataset.classes, dataDescription: dataset.sourcePath)
        } catch {
            throw WorkspaceError(error.message, nextStep: error.nextStep)
        }
        let addedTokens = adopted.tokenizer.addedTokens
        let recipe = ModelRecipe(
            kind: family.name, datasetHash: dataset.contentHash, classes: dataset.classes,
            checkpointDirectory: (checkpointDirectory as NSString).standardizingPath, addedTokens: addedTokens,
            maximumLength: maximumLength, epochCount: 0, batchSize: 0, learningRate: 0, patience: 0, trainEmbeddings: false, seed: seed)
        if let existing = try modelRecord(recipeKey: recipe.key) {
            try write { db in
                try Self.storeDataset(dataset, hash: dataset.contentHash, in: db)
                try Self.setState("currentModel", existing.fingerprint, in: db)
            }
            return TrainingOutcome(record: existing, report: nil, reused: true, note: adopted.note)
        }
        let tokenizer = adopted.tokenizer
        let sequences = dataset.examples.map { tokenizer.encode($0.text, maxLength: maximumLength) }
        let record = try storeModel(adopted.classifier, family: family, tokenizer: tokenizer,
                                    baseVocabularyCount: tokenizer.vocabularySize - addedTokens.count, recipe: recipe,
                                    dataset: dataset, sequences: sequences, report: nil)
        return TrainingOutcome(record: record, report: nil, reused: false, note: adopted.note)
    }
}
