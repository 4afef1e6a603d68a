/// Which counterfactual a sensitivity experiment makes.
public enum SensitivityMode: String, Codable, Sendable, CaseIterable {
    /// Insert each term into examples not of the target class (paper Table 4).
    case insert
    /// Mask each term's occurrences in examples of the target class (paper Table 5).
    case mask
}

/// One term's measured effect.
public struct TermSensitivity: Codable, Sendable, Equatable {
    /// The term as written.
    public var term: String
    /// Mean change of p(target) over the examples it touched (insert: every chosen example;
    /// mask: the examples containing it); nil when it occurs in no example (mask only).
    @NullEncoded public var change: Double?
    /// Insert: counterfactual examples made; mask: occurrences masked.
    public var count: Int
    /// Examples whose probability changed with this term.
    public var examples: Int
    /// The word pieces of each part (`##` marks a continuation piece).
    public var pieces: [[String]]
    /// Whether the term spans several word pieces and was inserted / masked as a whole word.
    public var multiPiece: Bool
}

/// One seed list's measured effect: the paper's table row.
public struct ListSensitivity: Codable, Sendable, Equatable {
    /// `salience`, `pmi` or the file name.
    public var name: String
    /// How the list was made.
    public var origin: String
    /// Per-term rows in list order.
    public var terms: [TermSensitivity]
    /// Mean of the terms' changes (terms without a change left out); nil when no term has one.
    @NullEncoded public var mean: Double?
    /// Population standard deviation of the terms' changes.
    @NullEncoded public var std: Double?
    /// Insert: counterfactual examples over all terms; mask: occurrences masked over all terms.
    public var count: Int

    /// The row of `terms` with the summary statistics.
    public init(name: String, origin: String, terms: [TermSensitivity]) {
        self.name = name
        self.origin = origin
        self.terms = terms
        let changes = terms.compactMap(\.change)
        if changes.isEmpty {
            mean = nil
            std = nil
        } else {
            let average = changes.reduce(0, +) / Double(changes.count)
            mean = average
            std = (changes.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(changes.count)).squareRoot()
        }
        count = terms.reduce(0) { $0 + $1.count }
    }
}

/// The result of `salience sensitivity insert|mask`, in the JSON layout of docs/CLI.md plus the run's details.
public struct SensitivityReport: Codable, Sendable {
    /// `insert` or `mask`.
    public var mode: SensitivityMode
    /// The target class name.
    public var `class`: String
    /// One entry per seed list, in the order given.
    public var lists: [ListSensitivity]
    /// Examples available for the experiment (insert: test examples not of the class; mask: of the class).
    public var availableExamples: Int
    /// Examples used (insert: min(m, available); mask: all available).
    public var usedExamples: Int
    /// The m asked for (insert only).
    @NullEncoded public var requestedExamples: Int?
    /// The token masked occurrences become (mask only), e.g. `[MASK]` or `[UNK]`.
    @NullEncoded public var maskToken: String?
    /// Sequences the model scored, originals included.
    public var evaluatedSequences: Int
    /// Wall-clock seconds of model evaluation.
    public var evaluationSeconds: Double
    /// `evaluatedSequences / evaluationSeconds`.
    public var examplesPerSecond: Double
    /// The seed of the random choices.
    public var seed: UInt64

    /// A report; the evaluation time and rate start at zero for the caller to fill in.
    public init(mode: SensitivityMode, class className: String, lists: [ListSensitivity], availableExamples: Int, usedExamples: Int,
                requestedExamples: Int?, maskToken: String?, evaluatedSequences: Int, seed: UInt64) {
        self.mode = mode
        self.class = className
        self.lists = lists
        self.availableExamples = availableExamples
        self.usedExamples = usedExamples
        self.requestedExamples = requestedExamples
        self.maskToken = maskToken
        self.evaluatedSequences = evaluatedSequences
        self.evaluationSeconds = 0
        self.examplesPerSecond = 0
        self.seed = seed
    }
}
