import Analysis
import TextData

/// What a shortcut search asks for (docs/METHOD.md, "Shortcut search").
public struct ShortcutRequest: Sendable {
    /// The salience method whose maps are clustered and shared out.
    public var salience: SalienceSpecification
    /// The cluster counts tried for each predicted class, e.g. 2...8.
    public var clusterCounts: ClosedRange<Int> = 2...8
    /// k-means restarts per k; the lowest inertia wins.
    public var initializationCount: Int = 10
    /// Non-zeros kept per row of the salience vocabulary that is clustered.
    public var topK: Int = 5
    /// Candidates reported (0: all).
    public var candidateCount: Int = 10
    /// Candidates verified by the model, best evidence first (0: none).
    public var verifyCount: Int = 10
    /// Insert: examples per candidate (all when fewer are available).
    public var exampleCount: Int = 1000
    /// The split whose examples the verification changes (nil: every split), as `sensitivity` does.
    public var split: Split? = .test
    /// Example ids listed per candidate.
    public var exampleIDCount: Int = 2
    /// How many times the even share a term needs to be strong in a cluster.
    public var concentrationFactor: Double = ClusterConcentration.strengthFactor
    /// Fewest supporting examples a candidate needs.
    public var minimumSupport: Int = 3
    /// Seed of k-means, the example choice and the insert positions.
    public var seed: UInt64 = 0

    /// A request with the defaults above.
    public init(salience: SalienceSpecification) { self.salience = salience }
}
