/// The mean of a per-example score at one bin, with its 95 % bootstrap interval.
public struct BinScore: Codable, Sendable, Equatable {
    /// Fraction of the words taken out (comprehensiveness) or kept (sufficiency).
    public var fraction: Double
    /// Mean over examples of p(x)[ŷ] − p(x′)[ŷ].
    public var mean: Double
    /// 2.5 % percentile of the bootstrap means.
    public var low: Double
    /// 97.5 % percentile of the bootstrap means.
    public var high: Double
}

/// Comprehensiveness or sufficiency: AOPC (the mean over the bins) and the bins.
public struct BinnedScore: Codable, Sendable, Equatable {
    /// Mean over bins and examples (ERASER's AOPC).
    public var aopc: Double
    /// 95 % bootstrap interval of the AOPC.
    public var low: Double
    /// 95 % bootstrap interval of the AOPC.
    public var high: Double
    /// One entry per bin, in the order asked for.
    public var bins: [BinScore]
}

/// Success rate of replacing the r most salient words.
public struct AttackPoint: Codable, Sendable, Equatable {
    /// r, the words replaced (all of an example's words when it has fewer).
    public var words: Int
    /// Fraction of the examples whose predicted class changed.
    public var successRate: Double
}

/// Agreement with a person's rationale (ERASER's definitions on words).
public struct RationaleScore: Codable, Sendable, Equatable {
    /// Mean per-example average precision of the word scores (examples whose words are all or none in the rationale left out).
    public var averagePrecision: Double
    /// Micro F1 of the partial match at IOU ≥ 0.5, the top-k words (k = the rationale's words) as the predicted rationale.
    public var iouF1: Double
    /// Mean fraction of the top-k words (k = the rationale's words) that are in the rationale.
    public var topKPrecision: Double
    /// Examples with a non-empty rationale.
    public var examples: Int
}

/// The deletion and insertion curves of one method: mean p(x′)[ŷ] at each curve fraction.
public struct FaithfulnessCurves: Codable, Sendable, Equatable {
    /// Fractions of the words (the x axis).
    public var fractions: [Double]
    /// Most relevant words removed first.
    public var deletion: [Double]
    /// Least relevant words removed first.
    public var deletionLeastFirst: [Double]
    /// Most relevant words put back first into an input with every word removed (or masked).
    public var insertion: [Double]
    /// The random method only: standard deviation over its seeded orders of the three mean curves.
    public var deletionSpread: [Double]?
    /// See `deletionSpread`.
    public var deletionLeastFirstSpread: [Double]?
    /// See `deletionSpread`.
    public var insertionSpread: [Double]?
}

/// Every faithfulness figure of one salience method.
public struct MethodFaithfulness: Codable, Sendable, Equatable {
    /// The method's name (`random` for the seeded baseline).
    public var method: String
    /// p(x)[ŷ] − p(x without the top words)[ŷ]: higher is more faithful.
    public var comprehensiveness: BinnedScore
    /// p(x)[ŷ] − p(only the top words)[ŷ]: lower is more faithful.
    public var sufficiency: BinnedScore
    /// Area under the most-relevant-first deletion curve (x in [0, 1]): lower is more faithful.
    public var deletionArea: Double
    /// Area under the least-relevant-first deletion curve.
    public var deletionLeastFirstArea: Double
    /// `deletionLeastFirstArea − deletionArea`, the area between the two deletion curves: higher is more faithful.
    public var deletionGap: Double
    /// Area under the insertion curve: higher is more faithful.
    public var insertionArea: Double
    /// Success rate for r = 1 … 5.
    public var attack: [AttackPoint]
    /// Rationale agreement; nil without a rationale.
    @NullEncoded public var rationale: RationaleScore?
    /// The mean curves.
    public var curves: FaithfulnessCurves
}

/// The result of `salience faithfulness`, in the JSON layout of docs/CLI.md §4.18.
public struct FaithfulnessReport: Codable, Sendable {
    /// One entry per method, in the order asked for.
    public var methods: [MethodFaithfulness]
    /// Examples evaluated.
    public var examples: Int
    /// Distinct inputs the model scored, originals included (no input is scored twice).
    public var modelCalls: Int
    /// `modelCalls / examples`.
    public var modelCallsPerExample: Double
    /// Inputs the metrics asked for before duplicates were merged.
    public var requestedInputs: Int
    /// Wall-clock seconds of the whole evaluation (maps, perturbations, model, statistics).
    public var seconds: Double
    /// `examples / seconds`.
    public var examplesPerSecond: Double
    /// `remove` or `mask`.
    public var perturbation: Perturbation
    /// `mask` or `random`.
    public var replacement: AttackReplacement
    /// The bins.
    public var fractions: [Double]
    /// The seed.
    public var seed: UInt64
}
