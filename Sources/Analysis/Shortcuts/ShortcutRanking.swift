/// The ranking of shortcut candidates (docs/METHOD.md, "Shortcut search"): evidence from the data and the
/// maps, times the model's measured reaction when it was verified.
public enum ShortcutRanking {
    /// Pseudo-examples at the base rate added to a candidate's support before its precision is
    /// used (10: a term seen in 5 examples keeps a third of its excess precision, one in 90 keeps 90%).
    public static let priorWeight = 10.0

    /// The precision of `predictedCount` of `support` shrunk toward `baseRate` by `priorWeight` pseudo-examples.
    public static func smoothedPrecision(support: Int, predictedCount: Int, baseRate: Double) -> Double {
        (Double(predictedCount) + priorWeight * baseRate) / (Double(support) + priorWeight)
    }

    /// How far the smoothed precision goes from the base rate toward 1, in [0, 1]; 1 when the
    /// slice has a single predicted class (no contrast to measure).
    public static func normalizedLift(support: Int, predictedCount: Int, baseRate: Double) -> Double {
        guard baseRate < 1 else { return 1 }
        let precision = smoothedPrecision(support: support, predictedCount: predictedCount, baseRate: baseRate)
        return min(1, max(0, (precision - baseRate) / (1 - baseRate)))
    }

    /// Evidence E = salience share × normalized lift, in [0, 1].
    public static func evidenceScore(_ evidence: TermSetEvidence) -> Double {
        min(1, max(0, evidence.salienceShare))
            * normalizedLift(support: evidence.support, predictedCount: evidence.predictedCount, baseRate: evidence.baseRate)
    }

    /// The model's reaction e in [0, 1]: the mean of the insert change and the negated mask
    /// change (the ones measured), at least 0; nil when neither was measured.
    public static func effect(insertChange: Double?, maskChange: Double?) -> Double? {
        let parts = [insertChange, maskChange.map { -$0 }].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        return min(1, max(0, parts.reduce(0, +) / Double(parts.count)))
    }

    /// The score: E × e when verified, E alone when not (unverified candidates rank after every verified one).
    public static func score(evidence: Double, effect: Double?) -> Double { evidence * (effect ?? 1) }
}
