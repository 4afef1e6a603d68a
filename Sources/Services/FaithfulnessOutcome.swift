import Probing

/// A faithfulness report with the warnings met on the way (rationale words missing from a text).
public struct FaithfulnessOutcome: Sendable {
    /// The figures.
    public var report: FaithfulnessReport
    /// One sentence per warning.
    public var notes: [String]
}
