import Foundation
import LinearAlgebra
import Models
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

    init(record: ModelRecord, classifier: any TextClassifier, tokenizer: WordPieceTokenizer) {
        self.record = record
        self.classifier = classifier
        self.tokenizer = tokenizer
        self.vocabulary = TokenVocabulary(tokenizer: tokenizer)
    }

    /// The pseudo model of imported salience maps.
    init(externalRecord record: ModelRecord, vocabulary: TokenVocabulary) {
        self.record = record
        self.classifier = nil
        self.tokenizer = nil
        self.vocabulary = vocabulary
    }

    /// The token that masked occurrences become in sensitivity experiments: `[MASK]` for a
    /// BERT-style model (it was pre-trained to read it), `[UNK]` for the CNN (whose input table
    /// row for `[MASK]` was never trained on).
    public var maskTokenID: Int32 {
        guard let tokenizer else { preconditionFailure("maskTokenID on the imported model \(record.fingerprint)") }
        return record.recipe.kind == "bert" ? tokenizer.maskID : tokenizer.unknownID
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

    /// Loads a checkpoint directory written by `salience train`, or the vocabulary written by `salience import`.
    public static func load(record: ModelRecord) throws(WorkspaceError) -> LoadedModel {
        let directory = record.directory
        if record.isExternal {
            let vocabulary = try TokenVocabulary.readImported(path: (directory as NSString).appendingPathComponent("vocab.txt"))
            return LoadedModel(externalRecord: record, vocabulary: vocabulary)
        }
        let tokenizer: WordPieceTokenizer
        do {
            tokenizer = try WordPieceTokenizer(vocabularyPath: (directory as NSString).appendingPathComponent("vocab.txt"),
                                               addedTokens: record.recipe.addedTokens)
        } catch {
            throw WorkspaceError("The model checkpoint \(directory) is unreadable: \(error.message)")
        }
        switch record.recipe.kind {
        case "cnn":
            do {
                let model = try KimCNN.load(from: directory)
                guard model.configuration.vocabularySize == tokenizer.vocabularySize else {
                    throw WorkspaceError("The model checkpoint \(directory) has \(model.configuration.vocabularySize) embedding rows but its vocab.txt and added tokens give \(tokenizer.vocabularySize); retrain with `salience train`.")
                }
                return LoadedModel(record: record, classifier: model, tokenizer: tokenizer)
            } catch let error as ModelError {
                throw WorkspaceError("The model checkpoint \(directory) is corrupt: \(error.message) Retrain it with `salience train`.")
            } catch let error as WorkspaceError {
                throw error
            } catch {
                throw WorkspaceError("The model checkpoint \(directory) cannot be loaded: \(error)")
            }
        case "bert":
            var generator = SplitMix64(seed: record.recipe.seed)
            let (configuration, parameters, _) = try Workspace.loadBert(directory: directory, classCount: record.recipe.classes.count,
                                                                     expectedRowCount: tokenizer.vocabularySize, generator: &generator)
            return LoadedModel(record: record, classifier: BertClassifier(configuration: configuration, parameters: parameters), tokenizer: tokenizer)
        default:
            throw WorkspaceError("The model in \(directory) has the unsupported kind \(record.recipe.kind); this build knows `cnn`, `bert` and `external`.")
        }
    }

    /// Class probabilities of many sequences, batched by length; shape `[sequences.count, classCount]`.
    ///
    /// A programmer error for imported salience (check `isExternal` first).
    /// - Complexity: O(n) forward passes.
    public func probabilities(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
        guard let classifier, let tokenizer else { preconditionFailure("probabilities(of:) on the imported model \(record.fingerprint)") }
        let classCount = classifier.classCount
        var result = Matrix(rowCount: sequences.count, columnCount: classCount)
        let order = sequences.indices.sorted { sequences[$0].count < sequences[$1].count }
        var start = 0
        while start < order.count {
            let indices = Array(order[start..<min(start + batchSize, order.count)])
            let batch = TokenBatch(sequences: indices.map { sequences[$0] }, padID: tokenizer.padID,
                                   minimumLength: classifier.minimumSequenceLength)
            let probabilities = classifier.probabilities(batch)
            for (row, index) in indices.enumerated() {
                for column in 0..<classCount { result[index, column] = probabilities[row, column] }
            }
            start += batchSize
        }
        return result
    }

    /// The classifier's own representation (`cls`) of many sequences, shape `[sequences.count, featureCount]`.
    ///
    /// A programmer error for imported salience (check `isExternal` first).
    public func features(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
        guard let classifier, let tokenizer else { preconditionFailure("features(of:) on the imported model \(record.fingerprint)") }
        var rows: [[Float]] = Array(repeating: [], count: sequences.count)
        let order = sequences.indices.sorted { sequences[$0].count < sequences[$1].count }
        var start = 0
        var width = 0
        while start < order.count {
            let indices = Array(order[start..<min(start + batchSize, order.count)])
            let batch = TokenBatch(sequences: indices.map { sequences[$0] }, padID: tokenizer.padID,
                                   minimumLength: classifier.minimumSequenceLength)
            let features = classifier.features(batch)
            width = features.columnCount
            for (row, index) in indices.enumerated() { rows[index] = features.row(row) }
            start += batchSize
        }
        return Matrix(rowCount: sequences.count, columnCount: width, values: rows.flatMap { $0 })
    }
}
