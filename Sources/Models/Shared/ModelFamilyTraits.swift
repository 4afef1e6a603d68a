/// What a model family is, apart from what it does: its name, its help line and its defaults.
public struct ModelFamilyTraits: Sendable {
    /// The name recorded in recipes and typed by users, e.g. `cnn`; lower case, unique.
    public var name: String
    /// One line for help texts: what the family trains.
    public var summary: String
    /// The training options used when the user gives none (seed 0).
    public var defaultTrainingOptions: TrainingOptions
    /// The token that masks a word in sensitivity experiments, e.g. `[MASK]` for a model pre-trained to read it.
    public var maskToken: String
    /// Sequences per gradient call that keep memory reasonable (a model keeping every layer's activations wants fewer).
    public var gradientBatchSize: Int
    /// The model-based representations its classifiers supply (token-only ones need nothing).
    public var representations: RepresentationSupport
    /// Whether the family's `adopt` reads classifiers trained elsewhere.
    public var adoptsCheckpoints: Bool

    /// Traits; by default a family supplies every representation and adopts no checkpoint.
    public init(name: String, summary: String, defaultTrainingOptions: TrainingOptions, maskToken: String, gradientBatchSize: Int,
                representations: RepresentationSupport = .all, adoptsCheckpoints: Bool = false) {
        precondition(!name.isEmpty && name == name.lowercased(), "A family name must be non-empty lower case, got '\(name)'")
        precondition(gradientBatchSize > 0, "gradientBatchSize must be positive, got \(gradientBatchSize)")
        (self.name, self.summary, self.defaultTrainingOptions) = (name, summary, defaultTrainingOptions)
        (self.maskToken, self.gradientBatchSize) = (maskToken, gradientBatchSize)
        (self.representations, self.adoptsCheckpoints) = (representations, adoptsCheckpoints)
    }
}
