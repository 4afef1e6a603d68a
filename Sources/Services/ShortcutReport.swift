import Probing

/// A cluster that proposed a candidate.
public struct ShortcutCluster: Codable, Sendable, Equatable {
    /// The k of the clustering.
    public var k: Int
    /// The cluster's index in that clustering.
    public var id: Int
    /// Its members.
    public var size: Int
    /// The candidate's share of the cluster's mean salience mass.
    public var share: Double
    /// The fraction of the cluster's members that contain the candidate (`ShortcutCheck.check`).
    public var precision: Double
    /// The fraction of the class's examples containing the candidate that fall in the cluster.
    public var recall: Double
}

/// One ranked shortcut candidate: a term set for a class, with its evidence and the model's reaction.
public struct ShortcutCandidate: Codable, Sendable, Equatable {
    /// 1 for the first.
    public var rank: Int
    /// The class it leads to.
    public var `class`: String
    /// The term set (one or two terms).
    public var terms: [String]
    /// The ranking score: evidence × effect when verified, else evidence.
    public var score: Double
    /// Evidence from data and maps: salience share × normalized lift.
    public var evidence: Double
    /// The model's reaction (mean of insert change and negated mask change, at least 0); nil when not verified.
    @NullEncoded public var effect: Double?
    /// Slice examples containing every term.
    public var support: Int
    /// Of those, the fraction predicted as the class.
    public var predictionPrecision: Double
    /// The fraction of the slice predicted as the class.
    public var baseRate: Double
    /// predictionPrecision / baseRate.
    public var lift: Double
    /// Of the supporting examples with a gold label, the fraction labelled the class; nil when none has a label.
    @NullEncoded public var labelPrecision: Double?
    /// Mean share of the set in the maps of the supporting examples predicted as the class.
    public var salienceShare: Double
    /// Mean change of p(class) on inserting the set into examples not of the class; nil when not verified.
    @NullEncoded public var insertChange: Double?
    /// Mean change of p(class) on masking the set where it occurs in examples of the class; nil when not verified or absent.
    @NullEncoded public var maskChange: Double?
    /// The clusters that proposed it.
    public var clusters: [ShortcutCluster]
    /// Ids of supporting examples predicted as the class, the set's largest share first.
    public var examples: [String]
}

/// The result of `salience shortcuts`, candidates sorted by rank.
public struct ShortcutReport: Codable, Sendable {
    /// Examples in the slice.
    public var n: Int
    /// The salience method.
    public var method: String
    /// The k range tried, `[low, high]`.
    public var kRange: [Int]
    /// k-means restarts per k.
    public var nInit: Int
    /// Clusterings run (classes × k values that fit).
    public var clusteringCount: Int
    /// Distinct candidates found before the cut to `candidates`.
    public var candidateCount: Int
    /// Whether the model verified the leading candidates.
    public var verified: Bool
    /// Why not, when it did not (imported maps, `--verify 0`).
    @NullEncoded public var verificationNote: String?
    /// Insert: examples per candidate asked for.
    public var insertExamples: Int
    /// Sequences the model scored during verification.
    public var evaluatedSequences: Int
    /// Seconds of model evaluation during verification.
    public var evaluationSeconds: Double
    /// The seed.
    public var seed: UInt64
    /// The candidates, by rank.
    public var candidates: [ShortcutCandidate]
    /// Notes for the reader (k values skipped, a single predicted class), one sentence each.
    public var notes: [String]
}
