import Models
import Workspace

/// Everything that determines a trained classifier: the data, the architecture, the
/// tokenizer and the training options. Two trainings with equal recipes give the same model.
///
/// Salience imported from another tool is recorded as a pseudo model of kind `external`: no
/// weights, the training fields zero, and `importSource` saying where the maps came from.
public struct ModelRecipe: Codable, Sendable, Equatable {
    /// The model family's name in `ModelFamilyRegistry` (`cnn`, `bert`, …), or `external` for imported salience maps.
    public var kind: String
    /// Content digest of the training data.
    public var datasetHash: String
    /// Class names in index order.
    public var classes: [String]
    /// The checkpoint whose vocabulary and word-piece embeddings seed the model.
    public var checkpointDirectory: String
    /// Whole tokens added to the vocabulary, as the training request listed them (none unless asked).
    public var addedTokens: [String]
    /// Longest token sequence fed to the model, `[CLS]` and `[SEP]` included.
    public var maximumLength: Int
    /// Training epochs at most (early stopping on dev may stop sooner).
    public var epochCount: Int
    /// Examples per mini-batch.
    public var batchSize: Int
    /// Adam learning rate.
    public var learningRate: Float
    /// Epochs without dev improvement before stopping.
    public var patience: Int
    /// Whether the input embeddings are tuned (families without the setting record false).
    public var trainEmbeddings: Bool
    /// Seed of every random choice in training.
    public var seed: UInt64
    /// The imported file (kind `external` only; nil, and absent from the key, for trained models).
    public var importSource: ImportSource? = nil
    /// Width of the hidden layer of families that have one (the CNN); nil for none (as in recipes written before the field existed).
    /// A hidden layer also means added-token rows at 3 times the table's spread and a zero initial output layer.
    public var hiddenSize: Int? = nil
    /// The model this version was made from (`salience disable`, `train --head-only`); nil for a trained model.
    public var parentFingerprint: String? = nil
    /// The pooled CNN features switched off in this version and its ancestors (nil: none).
    public var disabledFeatures: [DisabledFeature]? = nil
    /// What made this version from its parent: `disable` or `head-only` (nil for a trained model).
    public var step: String? = nil
    /// Terms whose training and dev examples were left out of a head retraining (`train --head-only --exclude-terms`; nil: none).
    public var headExcludedTerms: [String]? = nil

    /// The cache key of this recipe.
    public var key: String { Digest.hex(of: [JSON.string(self)]) }
}

/// A trained model as recorded in the workspace.
public struct ModelRecord: Sendable {
    /// Digest of configuration and weights.
    public var fingerprint: String
    /// What it was trained from.
    public var recipe: ModelRecipe
    /// Directory holding `model.safetensors`, `config.json`, `vocab.txt` and `salience.json`
    /// (only `vocab.txt` and `salience.json` for imported salience).
    public var directory: String

    /// Whether the record stands for salience maps imported from another tool (no classifier).
    public var isExternal: Bool { recipe.kind == ModelRecipe.externalKind }
}

extension ModelRecipe {
    /// The `kind` of the pseudo model that holds imported salience maps.
    public static let externalKind = "external"
}
