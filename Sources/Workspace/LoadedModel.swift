import Foundation
import LinearAlgebra
import Models
import TextData

/// A classifier with its tokenizer, ready to predict and attribute.
public final class LoadedModel: @unchecked Sendable {
    /// The workspace record.
    public let record: ModelRecord
    /// The network.
    public let classifier: any TextClassifier
    /// The tokenizer it was trained with.
    public let tokenizer: WordPieceTokenizer

    init(record: ModelRecord, classifier: any TextClassifier, tokenizer: WordPieceTokenizer) {
        self.record = record
        self.classifier = classifier
        self.tokenizer = tokenizer
    }

    /// Token ids of `text` as the model sees them (`[CLS] … [SEP]`, truncated to the recipe's length).
    public func encode(_ text: String) -> [Int32] {
        tokenizer.encode(text, maxLength: record.recipe.maximumLength)
    }

    /// Loads a checkpoint directory written by `salience train`.
    public static func load(record: ModelRecord) throws(WorkspaceError) -> LoadedModel {
        let directory = record.directory
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
        default:
            throw WorkspaceError("The model in \(directory) has the unsupported kind \(record.recipe.kind); this build knows `cnn`.")
        }
    }

    /// Class probabilities of many sequences, batched by length; shape `[sequences.count, classCount]`.
    /// - Complexity: O(n) forward passes.
    public func probabilities(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
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
    public func features(of sequences: [[Int32]], batchSize: Int = 256) -> Matrix {
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
