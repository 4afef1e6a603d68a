import Foundation
import LinearAlgebra
import Models
import TextData
import Workspace

/// What `disable` or `train --head-only` stored.
public struct ModelVersionOutcome: Sendable {
    /// The new version, now current.
    public var record: ModelRecord
    /// The model it was made from.
    public var parentFingerprint: String
    /// The head retraining's history (nil for `disable`, or when the version was already there).
    public var report: TrainingReport?
    /// Whether an identical version was already in the workspace.
    public var reused: Bool
}

/// New versions of a CNN (FIND): features disabled, then the layers after the features retrained.
public struct ModelVersionService: Sendable {
    /// The session of the parent model.
    public let session: WorkspaceSession

    /// A service making versions of `session`'s model.
    public init(session: WorkspaceSession) { self.session = session }

    /// Stores a copy of the model with `features` disabled (for `classIndex` only, when given) as a
    /// new version with the parent's fingerprint and the disabled features in its recipe, and makes it current.
    ///
    /// An index outside the model's features, or a class with a hidden layer, is refused in one sentence; nothing is written then.
    public func disable(features: [Int], classIndex: Int?) throws(WorkspaceError) -> ModelVersionOutcome {
        let model = try FeatureService(session: session).cnn()
        let featureCount = model.configuration.featureCount
        if let wrong = features.first(where: { $0 < 0 || $0 >= featureCount }) {
            throw WorkspaceError("The model \(session.model.record.fingerprint.prefix(8)) has no feature \(wrong); its \(featureCount) features are numbered 0 to \(featureCount - 1).",
                                 nextStep: .chooseValue(parameter: "features", advice: "indices that salience features lists"))
        }
        if classIndex != nil, model.configuration.hiddenSize > 0 {
            throw WorkspaceError("The model \(session.model.record.fingerprint.prefix(8)) has a hidden layer of \(model.configuration.hiddenSize) units, so a feature can only be disabled for every class.",
                                 nextStep: .chooseValue(parameter: "className", advice: "none (disable for all classes)"))
        }
        let disabled = model.disabling(features.map { DisabledFeature(feature: $0, classIndex: classIndex) })
        var recipe = session.model.record.recipe
        recipe.parentFingerprint = session.model.record.fingerprint
        recipe.disabledFeatures = disabled.configuration.disabledFeatures
        recipe.step = "disable"
        return try store(disabled, recipe: recipe, report: nil)
    }

    /// Retrains the hidden and output layers of the current version with the filters frozen
    /// (`Trainer.trainHead`), starting from its weights, and stores the result as a new version.
    ///
    /// The training and dev examples holding one of `excludingTerms` (whole tokens, any case) are left out.
    /// Refused in one sentence when the current model has no parent (it was trained, not made by `disable`).
    public func retrainHead(options: TrainingOptions, excludingTerms: [String] = [],
                            progress: (TrainingProgress) -> Void = { _ in }) throws(WorkspaceError) -> ModelVersionOutcome {
        let parent = session.model.record
        _ = try FeatureService(session: session).cnn()
        guard parent.recipe.parentFingerprint != nil else {
            throw WorkspaceError("The current model \(parent.fingerprint.prefix(8)) was trained from scratch and has no parent version, so there is nothing to retrain the head of; disable features first.",
                                 nextStep: .chooseValue(parameter: "features", advice: "the features to disable (salience disable)"))
        }
        // A fresh copy: the session's model stays as loaded.
        let model: KimCNN
        do {
            model = try KimCNN.load(from: parent.directory)
        } catch {
            throw WorkspaceError("The model checkpoint \(parent.directory) cannot be loaded: \(error.message)", nextStep: .retrainModel)
        }
        var recipe = parent.recipe
        recipe.parentFingerprint = parent.fingerprint
        recipe.step = "head-only"
        recipe.epochCount = options.epochCount
        recipe.batchSize = options.batchSize
        recipe.learningRate = options.learningRate
        recipe.patience = options.patience
        recipe.seed = options.seed
        recipe.headExcludedTerms = excludingTerms.isEmpty ? nil : excludingTerms
        if let existing = try session.workspace.modelRecord(recipeKey: recipe.key) {
            try session.workspace.makeCurrent(existing.fingerprint)
            return ModelVersionOutcome(record: existing, parentFingerprint: parent.fingerprint, report: nil, reused: true)
        }
        let examples = session.dataset.examples
        let sequences = examples.indices.map { session.tokenIDs(at: $0) }
        let excluded = Set(excludingTerms.map { $0.lowercased() })
        var tokenMatches: [Int32: Bool] = [:]
        func kept(_ position: Int) -> Bool {
            guard !excluded.isEmpty else { return true }
            return !sequences[position].contains { token in
                if let known = tokenMatches[token] { return known }
                let matches = excluded.contains(session.term(Int(token)).lowercased())
                tokenMatches[token] = matches
                return matches
            }
        }
        let training = examples.indices.filter { examples[$0].split == .train && kept($0) }
        let dev = examples.indices.filter { examples[$0].split == .dev && kept($0) }
        guard !training.isEmpty else {
            throw WorkspaceError("Every training example holds one of \(excludingTerms.joined(separator: ", ")), so none is left to retrain the head on.",
                                 nextStep: .chooseValue(parameter: "exclude-terms", advice: "fewer terms"))
        }
        var trainingOptions = options
        trainingOptions.maximumLength = recipe.maximumLength
        let report = Trainer.trainHead(model, trainingSequences: training.map { sequences[$0] }, trainingLabels: training.map(session.label(at:)),
                                       devSequences: dev.map { sequences[$0] }, devLabels: dev.map(session.label(at:)),
                                       options: trainingOptions, progress: progress)
        return try store(model, recipe: recipe, report: report)
    }

    /// Stores `model` under `recipe` (or finds the version with that recipe) and makes it current.
    private func store(_ model: KimCNN, recipe: ModelRecipe, report: TrainingReport?) throws(WorkspaceError) -> ModelVersionOutcome {
        let parentFingerprint = session.model.record.fingerprint
        if let existing = try session.workspace.modelRecord(recipeKey: recipe.key) {
            try session.workspace.makeCurrent(existing.fingerprint)
            return ModelVersionOutcome(record: existing, parentFingerprint: parentFingerprint, report: nil, reused: true)
        }
        guard let family = session.model.family, let tokenizer = session.model.tokenizer else { preconditionFailure("A CNN session without a family") }
        let baseVocabularyCount: Int
        do {
            baseVocabularyCount = try WordPieceTokenizer(vocabularyPath: (session.model.record.directory as NSString).appendingPathComponent("vocab.txt")).vocabularySize
        } catch {
            throw WorkspaceError("The model checkpoint \(session.model.record.directory) is unreadable: \(error.message)", nextStep: .retrainModel)
        }
        let sequences = session.dataset.examples.indices.map { session.tokenIDs(at: $0) }
        let record = try session.workspace.storeModel(model, family: family, tokenizer: tokenizer, baseVocabularyCount: baseVocabularyCount,
                                                      recipe: recipe, dataset: session.dataset, sequences: sequences, report: report)
        return ModelVersionOutcome(record: record, parentFingerprint: parentFingerprint, report: report, reused: false)
    }
}

extension Workspace {
    /// Makes the stored model `fingerprint` the one commands use.
    public func makeCurrent(_ fingerprint: String) throws(WorkspaceError) {
        try write { db in try Self.setState("currentModel", fingerprint, in: db) }
    }
}
