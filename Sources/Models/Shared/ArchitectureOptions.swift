/// Architecture settings that only some families read, typed; a family ignores the others.
public struct ArchitectureOptions: Sendable, Equatable {
    /// Width of a hidden ReLU layer before the output layer (the CNN's); 0 for none.
    public var hiddenSize: Int
    /// Whether the input embeddings are tuned during training (the CNN's; frozen by default).
    public var trainEmbeddings: Bool

    /// Settings; the defaults are the neutral values (no hidden layer, frozen embeddings).
    public init(hiddenSize: Int = 0, trainEmbeddings: Bool = false) {
        precondition(hiddenSize >= 0, "hiddenSize must be 0 or positive, got \(hiddenSize)")
        self.hiddenSize = hiddenSize
        self.trainEmbeddings = trainEmbeddings
    }
}
