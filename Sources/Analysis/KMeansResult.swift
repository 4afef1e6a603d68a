import LinearAlgebra

/// The outcome of a k-means fit: the best of the restarts (lowest inertia).
public struct KMeansResult: Sendable, Equatable {
    /// Cluster index of every row, `[rowCount]`, values in `0..<clusterCount`.
    public var assignments: [Int]
    /// Cluster centres, `[clusterCount, columnCount]`, in the input's coordinates.
    public var centroids: Matrix
    /// Sum over rows of the squared Euclidean distance to the assigned centre.
    public var inertia: Double
    /// Lloyd iterations run by the winning restart.
    public var iterationCount: Int

    /// A result from its parts.
    public init(assignments: [Int], centroids: Matrix, inertia: Double, iterationCount: Int) {
        self.assignments = assignments
        self.centroids = centroids
        self.inertia = inertia
        self.iterationCount = iterationCount
    }
}
