import Probing

/// A sensitivity report and the remarks to show with it (fewer examples than asked, skipped seed-file lines).
public struct SensitivityOutcome: Sendable {
    /// The report.
    public var report: SensitivityReport
    /// One sentence each.
    public var notes: [String]
}
