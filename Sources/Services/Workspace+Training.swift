import Foundation
import GRDB
import LinearAlgebra
import Models
import TextData
import Workspace

/// What training asks for: the data, the model family and its settings, the seed checkpoint.
public struct TrainingRequest: Sendable {
    /// The labelled data, already split.
    public var dataset: Dataset
    /// The model family to train (see `ModelFamilyRegistry`); the registry's default when not set.
    public var family: any ModelFamily = ModelFamilyRegistry.shared.defaultFamily
    /// Checkpoint whose vocabulary and word-piece embeddings seed the model.
    public var checkpointDirectory: String
    /// Longest token sequence, `[CLS]` and `[SEP]` included.
    public var maximumLength: Int = 128
    /// Training loop options (epochs, batch size, learning rate, patience, seed).
    public var options: TrainingOptions
    /// Architecture settings (the CNN's hidden layer and trainable embeddings); the family reads those it has.
    public var architecture = ArchitectureOptions()
    /// Whole tokens added to the checkpoint's vocabulary, each kept as one token id with a new
    /// embedding row (e.g. the synthetic shortcut's `COMMON`, `CLASS_0`, `CLASS_1`); none by default.
    public var addedTokens: [String] = []

    /// A request with the defaults above.
    public init(dataset: Dataset, checkpointDirectory: String, options: TrainingOptions) {
        self.dataset = dataset
        self.checkpointDirectory = checkpointDirectory
        self.options = options
    }
}

/// What `salience train` did.
public struct TrainingOutcome: Sendable {
    /// The model now current in the workspace.
    public var record: ModelRecord
    /// The training history; nil when an identical model was already there.
    public var report: TrainingReport?
    /// Whether the model was found in the workspace instead of trained.
    public var reused: Bool
    /// One line for the user about how the data was read (adopted checkpoints: integer labels as class indices); nil when nothing needed saying.
    public var note: String? = nil
}

extension Workspace {
    /// Trains (or finds) the model of `request`, stores it with its predictions for every example, and makes it current.
    ///
    /// Nothing is written when training or saving fails.
    public func train(_ request: TrainingRequest, progress: (TrainingProgress) -> Void = { _ in }) throws(WorkspaceError) -> TrainingOutcome {
        let dataset = request.dataset
        let datasetHash = dataset.contentHash
        let family = request.family
        let architecture = family.architecture(request.architecture)
        let recipe = ModelRecipe(
            kind: family.name, datasetHash: datasetHash, classes: dataset.classes,
            checkpointDirectory: request.checkpointDirectory, addedTokens: request.addedTokens,
            maximumLength: request.maximumLength, epochCount: request.options.epochCount,
            batchSize: request.options.batchSize, learningRate: request.options.learningRate,
            patience: request.options.patience, trainEmbeddings: architecture.trainEmbeddings, seed: request.options.seed,
            hiddenSize: architecture.hiddenSize > 0 ? architecture.hiddenSize : nil)
        if let existing = try modelRecord(recipeKey: recipe.key) {
            try write { db in
                try Self.storeDataset(dataset, hash: datasetHash, in: db)
                try Self.setState("currentModel", existing.fingerprint, in: db)
            }
            return TrainingOutcome(record: existing, report: nil, reused: true)
        }
        let vocabularyPath = (request.checkpointDirectory as NSString).appendingPathComponent("vocab.txt")
        let base: WordPieceTokenizer
        do {
            base = try WordPieceTokenizer(vocabularyPath: vocabularyPath)
        } catch {
            throw WorkspaceError(error.message, nextStep: .fetchResource("minilm"))
        }
        // Added tokens already in the vocabulary keep their id; the others get new rows after it.
        let tokenizer = WordPieceTokenizer(vocabulary: base.vocabulary, addedTokens: recipe.addedTokens)

        let sequences = dataset.examples.map { tokenizer.encode($0.text, maxLength: request.maximumLength) }
        let labels = dataset.examples.map { dataset.classIndex(of: $0.label)! }
        let training = dataset.examples.indices.filter { dataset.examples[$0].split == .train }
        let dev = dataset.examples.indices.filter { dataset.examples[$0].split == .dev }
        guard !training.isEmpty else { throw WorkspaceError("The data file \(dataset.sourcePath) has no training examples (split=train).") }
        guard !dev.isEmpty else { throw WorkspaceError("The data file \(dataset.sourcePath) has no dev examples (split=dev), which early stopping needs.") }

        var options = request.options
        options.maximumLength = request.maximumLength
        let trained: (classifier: any TextClassifier, report: TrainingReport)
        do {
            trained = try family.train(ClassifierTrainingRequest(
                checkpointDirectory: request.checkpointDirectory, tokenizer: tokenizer,
                addedTokenCount: tokenizer.vocabularySize - base.vocabularySize,
                classes: dataset.classes, trainingSequences: training.map { sequences[$0] }, trainingLabels: training.map { labels[$0] },
                devSequences: dev.map { sequences[$0] }, devLabels: dev.map { labels[$0] },
                options: options, architecture: architecture), progress: progress)
        } catch {
            throw WorkspaceError(error.message, nextStep: error.nextStep)
        }

        let record = try storeModel(trained.classifier, family: family, tokenizer: tokenizer, baseVocabularyCount: base.vocabularySize,
                                    recipe: recipe, dataset: dataset, sequences: sequences, report: trained.report)
        return TrainingOutcome(record: record, report: trained.report, reused: false)
    }

    /// Writes `model`'s checkpoint (weights saved by its family with the recipe as metadata, the
    /// tokenizer's first `baseVocabularyCount` entries as vocab.txt, salience.json) to a temporary folder, moves
    /// it into place, then records the model with its predictions for every example and makes it
    /// current, in one transaction.
    ///
    /// Nothing is left behind when a step fails.
    func storeModel(_ model: any TextClassifier, family: any ModelFamily, tokenizer: WordPieceTokenizer, baseVocabularyCount: Int, recipe: ModelRecipe,
                    dataset: Dataset, sequences: [[Int32]], report: TrainingReport?) throws(WorkspaceError) -> ModelRecord {
        let fingerprint = model.fingerprint
        let manager = FileManager.default
        let finalDirectory = (modelsDirectory as NSString).appendingPathComponent(fingerprint)
        let temporaryDirectory = (modelsDirectory as NSString).appendingPathComponent(".partial-\(fingerprint)-\(ProcessInfo.processInfo.processIdentifier)")
        let record = ModelRecord(fingerprint: fingerprint, recipe: recipe, directory: finalDirectory)
        do {
            try manager.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
            try family.save(model, to: temporaryDirectory, metadata: ["salience.recipe": JSON.string(recipe)])
            try tokenizer.vocabulary.prefix(baseVocabularyCount).joined(separator: "\n")
                .appending("\n").write(toFile: (temporaryDirectory as NSString).appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
            try JSON.string(recipe).write(toFile: (temporaryDirectory as NSString).appendingPathComponent("salience.json"), atomically: true, encoding: .utf8)
            if manager.fileExists(atPath: finalDirectory) { try manager.removeItem(atPath: finalDirectory) }
            try manager.moveItem(atPath: temporaryDirectory, toPath: finalDirectory)
        } catch {
            try? manager.removeItem(atPath: temporaryDirectory)
            throw WorkspaceError("Cannot write the model checkpoint under \(modelsDirectory): \(error)")
        }

        let probabilities = model.probabilities(of: sequences)
        let datasetHash = recipe.datasetHash
        do {
            try write { db in
                try Self.storeDataset(dataset, hash: datasetHash, in: db)
                try db.execute(sql: """
                    INSERT OR REPLACE INTO model(fingerprint, recipeKey, datasetHash, kind, directory, recipe, trainingReport, createdAt, parentFingerprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [fingerprint, recipe.key, datasetHash, recipe.kind, "models/\(fingerprint)", JSON.string(recipe),
                                     report.map { JSON.string($0) }, Date(), recipe.parentFingerprint])
                try Self.storePredictions(probabilities, modelFingerprint: fingerprint, in: db)
                try Self.setState("currentModel", fingerprint, in: db)
            }
        } catch {
            try? manager.removeItem(atPath: finalDirectory)
            throw error
        }
        return record
    }

    /// Stores one prediction row per example inside an open transaction.
    static func storePredictions(_ probabilities: Matrix, modelFingerprint: String, in db: Database) throws {
        let statement = try db.makeStatement(sql: "INSERT OR REPLACE INTO prediction(modelFingerprint, position, prediction, probabilities) VALUES (?, ?, ?, ?)")
        for position in 0..<probabilities.rowCount {
            let row = probabilities.row(position)
            let prediction = row.indices.max { row[$0] < row[$1] } ?? 0
            try statement.execute(arguments: [modelFingerprint, position, prediction, Blob.data(row)])
        }
    }

    /// The model trained from a recipe with this key, if any.
    func modelRecord(recipeKey: String) throws(WorkspaceError) -> ModelRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM model WHERE recipeKey = ?", arguments: [recipeKey]).map(modelRecord(row:))
        }
    }

    /// The model recorded under `fingerprint`, if any.
    func modelRecord(fingerprint: String) throws(WorkspaceError) -> ModelRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM model WHERE fingerprint = ?", arguments: [fingerprint]).map(modelRecord(row:))
        }
    }

    /// The model commands work on: the last one trained or selected.
    public func currentModelRecord() throws(WorkspaceError) -> ModelRecord {
        guard let fingerprint = try state("currentModel") else {
            throw WorkspaceError("The workspace \(directory) has no model yet.", nextStep: .trainModel)
        }
        let record = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM model WHERE fingerprint = ?", arguments: [fingerprint]).map(modelRecord(row:))
        }
        guard let record else { throw WorkspaceError("The workspace \(directory) lost its model \(fingerprint).", nextStep: .retrainModel) }
        return record
    }

    /// The training history stored with a model.
    public func trainingReport(modelFingerprint: String) throws(WorkspaceError) -> TrainingReport? {
        try read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT trainingReport FROM model WHERE fingerprint = ?", arguments: [modelFingerprint]) else { return nil }
            return try JSON.decode(text) as TrainingReport
        }
    }

    /// A model row, with its directory (stored relative to the workspace) resolved.
    private func modelRecord(row: Row) throws -> ModelRecord {
        ModelRecord(fingerprint: try row.decode(forColumn: "fingerprint"), recipe: try JSON.decode(row.decode(forColumn: "recipe") as String),
                    directory: (directory as NSString).appendingPathComponent(try row.decode(forColumn: "directory")))
    }

    /// Predicted class and class probabilities of every example, for one model; indexed by dataset position.
    public func predictions(modelFingerprint: String) throws(WorkspaceError) -> (classes: [Int], probabilities: [[Float]]) {
        try read { db in
            var classes: [Int] = []
            var probabilities: [[Float]] = []
            for row in try Row.fetchAll(db, sql: "SELECT prediction, probabilities FROM prediction WHERE modelFingerprint = ? ORDER BY position", arguments: [modelFingerprint]) {
                classes.append(try row.decode(forColumn: "prediction"))
                probabilities.append(try Blob.decodedArray(row.decode(forColumn: "probabilities"), of: Float.self))
            }
            return (classes, probabilities)
        }
    }
}
