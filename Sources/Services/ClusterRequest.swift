/// What to cluster and how.
public struct ClusterRequest: Sendable {
    /// k, the number of clusters.
    public var clusterCount: Int
    /// k-means restarts; the lowest inertia wins.
    public var initializationCount: Int = 10
    /// The representation of the slice.
    public var representation: RepresentationOptions
    /// The salience method behind the representation (and behind the terms that name the clusters).
    public var salience: SalienceSpecification
    /// Seed of the k-means initialisation.
    public var seed: UInt64 = 0
    /// The subset for the shortcut check, if any.
    public var truth: TruthSubset?
    /// Top terms listed per cluster.
    public var topTermCount: Int = 5

    /// A request with the defaults above.
    public init(clusterCount: Int, representation: RepresentationOptions, salience: SalienceSpecification) {
        self.clusterCount = clusterCount
        self.representation = representation
        self.salience = salience
    }
}
