/// The data-dependent kernels of k-means, implemented once for dense and once for sparse
/// input so that the seeding and the Lloyd loop (`KMeansSeeding`, `LloydIterations`) are
/// shared.
///
/// Centres live in a flat buffer of shape `[columnCount, clusterCount]` (feature-major):
/// centre j's feature f is at `f * clusterCount + j`. This puts the k values a sparse entry
/// needs next to each other, and it is the B operand of the dense `X · C` product as stored.
protocol KMeansData: Sendable {
    /// Per-restart scratch memory.
    associatedtype Workspace

    /// Number of rows n.
    var rowCount: Int { get }
    /// Number of features d.
    var columnCount: Int { get }
    /// ‖x_i‖² of every row as clustered, `[rowCount]`.
    var rowSquaredNorms: [Float] { get }

    /// Scratch for one restart with `clusterCount` centres.
    func makeWorkspace(clusterCount: Int) -> Workspace

    /// Mean over features of the per-feature variance (scikit-learn's tolerance scale).
    func meanColumnVariance() -> Double

    /// Squared distances from every row to each `candidates` row, written to `output` as
    /// `[candidates.count, rowCount]`.
    func squaredDistances(fromRows candidates: [Int], into output: UnsafeMutablePointer<Float>)

    /// Adds `scale · x_row` to centre `center` of a `[columnCount, clusterCount]` buffer.
    func addRow(_ row: Int, scale: Float, toCenter center: Int, clusterCount: Int, centers: UnsafeMutablePointer<Float>)

    /// E-step: nearest centre of every row (lowest index on ties) and its squared distance.
    func assign(
        centers: UnsafePointer<Float>, centerSquaredNorms: UnsafePointer<Float>, clusterCount: Int,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>, workspace: Workspace)

    /// M-step sums: adds every row to `sums` (`[columnCount, clusterCount]`, zeroed by the
    /// caller) at its label.
    func accumulate(labels: UnsafePointer<Int32>, clusterCount: Int, sums: UnsafeMutablePointer<Float>, workspace: Workspace)

    /// Σ_i ‖x_i − c_{label_i}‖², accumulated in Double.
    func inertia(labels: UnsafePointer<Int32>, centers: UnsafePointer<Float>, clusterCount: Int) -> Double
}
