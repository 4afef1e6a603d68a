import TextData

/// What a model family needs to train a new classifier: the seed checkpoint, the tokenizer, the
/// encoded splits and the settings.
public struct ClassifierTrainingRequest {
    /// Checkpoint folder whose `vocab.txt` and word-piece embeddings (or whole encoder) seed the model.
    public var checkpointDirectory: String
    /// The tokenizer of `checkpointDirectory`'s vocabulary, with `addedTokenCount` whole tokens appended.
    public var tokenizer: WordPieceTokenizer
    /// Whole tokens appended to the checkpoint's vocabulary: the last rows of the tokenizer.
    public var addedTokenCount: Int
    /// Class names in index order.
    public var classes: [String]
    /// Token ids of the training examples.
    public var trainingSequences: [[Int32]]
    /// Class indices of the training examples.
    public var trainingLabels: [Int]
    /// Token ids of the dev examples, which decide early stopping.
    public var devSequences: [[Int32]]
    /// Class indices of the dev examples.
    public var devLabels: [Int]
    /// Training loop options (epochs, batch size, learning rate, patience, seed, maximum length).
    public var options: TrainingOptions
    /// Architecture settings; the family reads those it has.
    public var architecture: ArchitectureOptions

    /// A request; sequences and labels must pair up.
    public init(checkpointDirectory: String, tokenizer: WordPieceTokenizer, addedTokenCount: Int, classes: [String],
                trainingSequences: [[Int32]], trainingLabels: [Int], devSequences: [[Int32]], devLabels: [Int],
                options: TrainingOptions, architecture: ArchitectureOptions) {
        precondition(trainingSequences.count == trainingLabels.count, "\(trainingSequences.count) training sequences but \(trainingLabels.count) labels")
        precondition(devSequences.count == devLabels.count, "\(devSequences.count) dev sequences but \(devLabels.count) labels")
        precondition(addedTokenCount >= 0 && addedTokenCount <= tokenizer.vocabularySize, "addedTokenCount \(addedTokenCount) outside 0...\(tokenizer.vocabularySize)")
        self.checkpointDirectory = checkpointDirectory
        self.tokenizer = tokenizer
        self.addedTokenCount = addedTokenCount
        self.classes = classes
        self.trainingSequences = trainingSequences
        self.trainingLabels = trainingLabels
        self.devSequences = devSequences
        self.devLabels = devLabels
        self.options = options
        self.architecture = architecture
    }
}
