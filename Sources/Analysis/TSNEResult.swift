import LinearAlgebra

/// A t-SNE embedding and how well it fits.
public struct TSNEResult: Sendable {
    /// The embedded points, `[N, 2]`, centred on the origin.
    public var coordinates: Matrix
    /// KL(P ‖ Q) of the final embedding against the input affinities P actually used (see
    /// `TSNE` for how P is built); the normalisation of Q is summed exactly for N ≤ 50,000.
    public var klDivergence: Double
    /// Gradient steps taken.
    public var iterationCount: Int

    /// A result from its parts.
    public init(coordinates: Matrix, klDivergence: Double, iterationCount: Int) {
        self.coordinates = coordinates
        self.klDivergence = klDivergence
        self.iterationCount = iterationCount
    }
}
