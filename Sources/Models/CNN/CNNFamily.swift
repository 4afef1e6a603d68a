import Diagnostics
import LinearAlgebra
import TextData

/// The Kim (2014) CNN over a checkpoint's frozen word-piece embeddings, optionally with a hidden
/// ReLU layer: family `cnn`, the toolkit's default.
public struct CNNFamily: ModelFamily {
    /// A stateless family value.
    public init() {}

    /// 12 epochs of batches of 50 at Adam 5e-4, patience 3, sequences up to 128 tokens; masks with
    /// `[UNK]` (the CNN's table row for `[MASK]` was never trained on); a CNN gradient call keeps
    /// little besides the pooled maxima, so 512 sequences at a time.
    public let traits = ModelFamilyTraits(
        name: "cnn", summary: "Kim CNN on the checkpoint's frozen word-piece embeddings",
        defaultTrainingOptions: TrainingOptions(epochCount: 12, batchSize: 50, learningRate: 5e-4, patience: 3, maximumLength: 128),
        maskToken: "[UNK]", gradientBatchSize: 512)

    /// The hidden layer's width and whether the embeddings train.
    public func architecture(_ requested: ArchitectureOptions) -> ArchitectureOptions { requested }

    /// A new Kim CNN seeded with the checkpoint's word-piece table, trained with Adam and early stopping.
    ///
    /// With a hidden layer the added tokens' rows start at 3 times the table's spread and the
    /// output layer at zero (see `KimCNN.init`); without one, Kim's matched-variance rule.
    public func train(_ request: ClassifierTrainingRequest,
                      progress: (TrainingProgress) -> Void) throws(ModelError) -> (classifier: any TextClassifier, report: TrainingReport) {
        let embeddingTable: Matrix
        do {
            embeddingTable = try loadWordPieceEmbeddingTable(checkpointDirectory: request.checkpointDirectory)
        } catch {
            throw ModelError(error.message, nextStep: .fetchResource("minilm"))
        }
        var generator = SplitMix64(seed: request.options.seed)
        let architecture = request.architecture
        let configuration = KimCNNConfiguration(
            vocabularySize: request.tokenizer.vocabularySize, embeddingDimension: embeddingTable.columnCount,
            classCount: request.classes.count, trainEmbeddings: architecture.trainEmbeddings, padID: request.tokenizer.padID,
            hiddenSize: architecture.hiddenSize)
        let hidden = architecture.hiddenSize > 0
        let model = KimCNN(configuration: configuration, embeddingTable: embeddingTable, generator: &generator,
                           addedRowScale: hidden ? 3 : 1, zeroInitialOutput: hidden)
        let report = Trainer.train(model, trainingSequences: request.trainingSequences, trainingLabels: request.trainingLabels,
                                   devSequences: request.devSequences, devLabels: request.devLabels,
                                   options: request.options, progress: progress)
        return (model, report)
    }

    /// The CNN saved in `directory`, whose table must have one row per token id.
    public func load(directory: String, classCount: Int, vocabularySize: Int, seed: UInt64) throws(ModelError) -> any TextClassifier {
        let model = try KimCNN.load(from: directory)
        guard model.configuration.vocabularySize == vocabularySize else {
            throw ModelError("The model checkpoint \(directory) has \(model.configuration.vocabularySize) embedding rows"
                + " but its vocab.txt and added tokens give \(vocabularySize).", nextStep: .retrainModel)
        }
        guard model.classCount == classCount else {
            throw ModelError("The model checkpoint \(directory) has \(model.classCount) output classes but its recipe names \(classCount).",
                             nextStep: .retrainModel)
        }
        return model
    }

    /// `model.safetensors` and `config.json` (its safetensors checkpoint is also its export format).
    public func save(_ classifier: any TextClassifier, to directory: String, metadata: [String: String]) throws(ModelError) {
        try cnn(classifier).save(to: directory, extraMetadata: metadata)
    }

    private func cnn(_ classifier: any TextClassifier) -> KimCNN {
        guard let model = classifier as? KimCNN else { preconditionFailure("The cnn family was given a \(type(of: classifier))") }
        return model
    }
}
