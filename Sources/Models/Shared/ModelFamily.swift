import Diagnostics
import TextData

/// One kind of classifier the toolkit can train, load, save and explain (the Kim CNN, BERT, …).
///
/// A family is registered once in `ModelFamilyRegistry`; everything outside the family's own
/// folder reaches it through the registry by `name`, the `kind` recorded in a workspace's model
/// recipe. Implementations are stateless values.
public protocol ModelFamily: Sendable {
    /// Its name, help line and defaults.
    var traits: ModelFamilyTraits { get }

    /// The architecture settings this family reads out of `requested`, the others reset to their
    /// neutral values, as a recipe records them.
    func architecture(_ requested: ArchitectureOptions) -> ArchitectureOptions

    /// A new classifier trained on `request`, and its history.
    func train(_ request: ClassifierTrainingRequest,
               progress: (TrainingProgress) -> Void) throws(ModelError) -> (classifier: any TextClassifier, report: TrainingReport)

    /// The classifier saved by `save(_:to:metadata:)` in `directory`, checked against the class
    /// count and the tokenizer's vocabulary size; `seed` feeds any draw loading needs.
    func load(directory: String, classCount: Int, vocabularySize: Int, seed: UInt64) throws(ModelError) -> any TextClassifier

    /// Writes `classifier` (of this family) into `directory` with `metadata` stored beside the weights.
    func save(_ classifier: any TextClassifier, to directory: String, metadata: [String: String]) throws(ModelError)

    /// Writes `classifier` (of this family) into the empty folder `directory` in the format its
    /// own ecosystem reads; `savedDirectory` is the folder `save` wrote, whose `vocab.txt` holds the
    /// tokenizer's base vocabulary. Returns the names of the files written.
    func export(_ classifier: any TextClassifier, tokenizer: WordPieceTokenizer, savedDirectory: String, to directory: String,
                metadata: [String: String]) throws(ModelError) -> [String]

    /// Whether `checkpointDirectory` holds a classifier of this family trained elsewhere, which `adopt` can read.
    func recognizes(checkpointDirectory: String) -> Bool

    /// A classifier trained elsewhere, from `checkpointDirectory`, for data of `classes` (in this
    /// order), with the tokenizer it was trained with; `dataDescription` names the data in messages.
    /// Families that cannot adopt checkpoints throw.
    func adopt(checkpointDirectory: String, classes: [String], dataDescription: String) throws(ModelError) -> AdoptedClassifier
}

extension ModelFamily {
    /// The name recorded in recipes and typed by users (`traits.name`).
    public var name: String { traits.name }
    /// One line for help texts (`traits.summary`).
    public var summary: String { traits.summary }

    /// Families read no architecture setting unless they say so.
    public func architecture(_ requested: ArchitectureOptions) -> ArchitectureOptions {
        ArchitectureOptions()
    }

    /// Recognizes no foreign checkpoint.
    public func recognizes(checkpointDirectory: String) -> Bool { false }

    /// Cannot adopt a checkpoint trained elsewhere.
    public func adopt(checkpointDirectory: String, classes: [String], dataDescription: String) throws(ModelError) -> AdoptedClassifier {
        throw ModelError("A \(name) classifier is trained here; it cannot be read from the checkpoint \(checkpointDirectory).",
                         nextStep: .trainModel)
    }

    /// Copies every file of `savedDirectory` into `directory`: the family's own checkpoint is its export format.
    public func export(_ classifier: any TextClassifier, tokenizer: WordPieceTokenizer, savedDirectory: String, to directory: String,
                       metadata: [String: String]) throws(ModelError) -> [String] {
        try CheckpointFolder.copyFiles(from: savedDirectory, to: directory)
    }
}
