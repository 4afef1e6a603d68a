/// How the model input is changed when words are taken out.
public enum Perturbation: String, Codable, Sendable, CaseIterable {
    /// The word's pieces are deleted (the sequence gets shorter).
    case remove
    /// Every piece of the word becomes the mask token (the length is kept).
    case mask
}

/// What the attack puts in place of a salient word.
public enum AttackReplacement: String, Codable, Sendable, CaseIterable {
    /// Every piece of the word becomes the mask token.
    case mask
    /// A seeded in-vocabulary word of the same training-frequency band (`FrequencyBands`).
    case random
}

/// The settings of a faithfulness evaluation (docs/METHOD.md §10).
public struct FaithfulnessOptions: Sendable, Equatable {
    /// ERASER's bins: fractions of an example's words taken out (comprehensiveness) or kept (sufficiency).
    public var fractions: [Double] = [0.01, 0.05, 0.1, 0.2, 0.5]
    /// Points of the deletion and insertion curves, as fractions of the words (0 and 1 included).
    public var curveFractions: [Double] = (0...10).map { Double($0) / 10 }
    /// Largest number of words the attack replaces (r = 1 … this).
    public var attackWordCount: Int = 5
    /// Deletion or masking for comprehensiveness, sufficiency and the curves.
    public var perturbation: Perturbation = .remove
    /// What the attack puts in place of a word.
    public var replacement: AttackReplacement = .mask
    /// Seeded orders of the random method (its row is their mean; its curve band their mean ± std).
    public var randomOrderCount: Int = 5
    /// Bootstrap resamples of the examples for the 95 % intervals.
    public var bootstrapCount: Int = 1000
    /// Seed of the random orders, random replacements and bootstrap.
    public var seed: UInt64 = 0

    /// The defaults above.
    public init() {}

    /// Words taken out at `fraction` of `wordCount` words: ⌊fraction · wordCount⌋, at least 1, at most `wordCount`.
    public static func binWordCount(fraction: Double, wordCount: Int) -> Int {
        min(wordCount, max(1, Int((fraction * Double(wordCount) + 1e-9).rounded(.down))))
    }

    /// Words at a curve point: fraction · wordCount rounded to the nearest integer (0 and `wordCount` at the ends).
    public static func curveWordCount(fraction: Double, wordCount: Int) -> Int {
        min(wordCount, max(0, Int((fraction * Double(wordCount)).rounded())))
    }
}
