import Foundation
import LinearAlgebra
import Models
import Representation
import TextData
import Workspace

/// A classifier with its tokenizer, ready to predict and attribute; or, for salience imported
/// from another tool (kind `external`), only the vocabulary of the imported maps.
public final class LoadedModel: @unchecked Sendable {
    /// The workspace record.
    public let record: ModelRecord
    /// The network; nil for imported salience.
    public let classifier: (any TextClassifier)?
    /// The tokenizer it was trained with; nil for imported salience.
    public let tokenizer: WordPieceTokenizer?
    /// Token strings by id, with the special and punctuation ids.
    public let vocabulary: TokenVocabulary
    /// The model family of the classifier; nil for imported salience.
    public let family: (any ModelFamily)?

    init(record: ModelRecord, family: any ModelFamily, classifier: any TextClassifier, tokenizer: WordPieceTokenizer) {
        self.record = record
        self.family = family
        self.classifier = classifier
        self.tokenizer = tokenizer
        self.vocabulary = TokenVocabulary(tokenizer: tokenizer)
    }

    /// The pseudo model of imported salience maps.
    init(externalRecord record: ModelRecord, vocabulary: TokenVocabulary) {
        self.record = record
        self.family = nil
        self.classifier = nil
        self.tokenizer = nil
        self.vocabulary = vocabulary
    }

    /// The token that masked occurrences become in sensitivity experiments: the family's mask
    /// token (`ModelFamilyTraits.maskToken`), or `[UNK]` when the vocabulary lacks it.
    public var maskTokenID: Int32 {
        guard let tokenizer, let family else { preconditionFailure("maskTokenID on the imported model \(record.fingerprint)") }
        return tokenizer.tokenID(family.traits.maskToken) ?? tokenizer.unknownID
    }

    /// Sequences per gradient call that the family recommends (`ModelFamilyTraits.gradientBatchSize`).
    public var gradientBatchSize: Int {
        guard let family else { preconditionFailure("gradientBatchSize on the imported model \(record.fingerprint)") }
        return family.traits.gradientBatchSize
    }

    /// The model-based representations the classifier supplies; none for imported salience.
    public var representations: RepresentationSupport { family?.traits.representations ?? [] }

    /// Whether the classifier supplies what the representation `kind` needs (the token-only
    /// `vocab` and `pmi` need nothing; `emb` and `avg-emb` the embedding table; `cls` its features).
    public func supplies(_ kind: RepresentationKind) -> Bool {
        switch kind {
        case .vocab, .pmi: return true
        case .emb, .avgEmb: return representations.contains(.embeddingTable)
        case .cls: return representations.contains(.features)
        }
    }

    /// Whether this stands for imported salience maps, with no classifier behind them.
    public var isExternal: Bool { classifier == nil }

    /// The classifier, or an error saying that `need` (e.g. "The representation emb needs the
    /// model's embedding table") cannot be met on imported maps, and `remedy` (e.g. "use vocab or pmi").
    public func requireClassifier(_ need: String, remedy: String) throws(WorkspaceError) -> any TextClassifier {
        guard let classifier else { throw externalRefusal(need, remedy: remedy) }
        return classifier
    }

    /// The error for something imported maps cannot do: `need`, why, and `remedy`, as one sentence.
    public func externalRefusal(_ need: String, remedy: String) -> WorkspaceError {
        WorkspaceError("\(need); the maps in this workspace were imported (\(importedRunName)), so \(remedy).")
    }

    /// The salience method name of imported maps (`--name` of `salience import`).
    public var importedRunName: String { record.recipe.importSource?.name ?? ModelRecipe.externalKind }

    /// Token ids of `text` as the model sees them (`[CLS] … [SEP]`, truncated to the recipe's length).
    ///
    /// A programmer error for imported salience, whose token ids come from the stored maps.
    public func encode(_ text: String) -> [Int32] {
        guard let tokenizer else { preconditionFailure("encode(_:) on the imported model \(record.fingerprint), which has no tokenizer") }
        return tokenizer.encode(text, maxLength: record.recipe.maximumLength)
    }

    /// Loads a model folder of the workspace through its family (`ModelFamilyRegistry`), or the vocabulary of imported salience.
    public static func load(record: ModelRecord) throws(WorkspaceError) -> LoadedModel {
        let directory = record.directory
        if record.isExternal {
            let vocabulary = try TokenVocabulary.readImported(path: (directory as NSString).appendingPathComponent("vocab.txt"))
            return LoadedModel(externalRecord: record, vocabulary: vocabulary)
        }
        guard let family = ModelFamilyRegistry.shared.family(named: record.recipe.kind) else {
            let known = (ModelFamilyRegistry.shared.names + [ModelRecipe.externalKind]).joined(separator: ", ")
            throw WorkspaceError("The model in \(directory) has the kind \(record.recipe.kind), which this program does not know (it knows \(known)).")
        }
        let tokenizer: WordPieceTokenizer
        do {
            tokenizer = try WordPieceTokenizer(vocabularyPath: (directory as NSString).appendingPathComponent("vocab.txt"),
                                               addedTokens: record.recipe.addedTokens)
        } catch {
            throw WorkspaceError("The model checkpoint \(directory) is unreadable: \(error.message)", nextStep: .retrainModel)
        }
        do {
            let classifier = try family.load(directory: directory, classCount: record.recipe.classes.count,
                                             vocabularySize: tokenizer.vocabularySize, seed: record.recipe.seed)
            return LoadedModel(record: record, family: family, classifier: classifier, tokenizer: tokenizer)
        } catch {
            throw WorkspaceError("The model checkpoint \(directory) cannot be loaded: \(error.message)", nextStep: error.nextStep ?? .retrainModel)
        }
    }

    /// Class probabilities of many sequences, batched by length; shape `[sequences.count, classCount]`.
    ///
    /// A programmer error for imported salience (check `isExternal` first).
    /// - Complexity: O(n) forward passes.
    public func probabilities(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
        guard let classifier else { preconditionFailure("probabilities(of:) on the imported model \(record.fingerprint)") }
        return classifier.probabilities(of: sequences, batchSize: batchSize)
    }

    /// p(class `classIndex`) of each sequence, the seconds spent in the model added to `seconds`
    /// (the evaluation time the probing reports give); shape `[sequences.count]`.
    /// - Complexity: O(n) forward passes.
    public func probabilities(of sequences: [[Int32]], classIndex: Int, addingSecondsTo seconds: inout Double) -> [Float] {
        let clock = ContinuousClock()
        let start = clock.now
        let matrix = probabilities(of: sequences)
        seconds += (clock.now - start).inSeconds
        return (0..<matrix.rowCount).map { matrix[$0, classIndex] }
    }

    /// The classifier's own representation (`cls`) of many sequences, shape `[sequences.count, featureCount]`.
    ///
    /// A programmer error for imported salience (check `isExternal` first).
    public func features(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
        guard let classifier else { preconditionFailure("features(of:) on the imported model \(record.fingerprint)") }
        return classifier.features(of: sequences, batchSize: batchSize)
    }
}
