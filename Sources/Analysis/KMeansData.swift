import LinearAlgebra

/// The data-dependent kernels of k-means, implemented once for dense and once for sparse
/// input so that the seeding and the Lloyd loop (`KMeansSeeding`, `LloydIterations`) are
/// shared.
///
/// Centres live in a flat buffer of shape `[columnCount, clusterCount]` (feature-major):
/// centre j's feature f is at `f * clusterCount + j`. This puts the k values a sparse entry
/// needs next to each other, and it is the B operand of the dense `X · C` product as stored.
/// Every centre buffer has `centerBufferCount(columnCount:clusterCount:)` floats: a zero tail
/// of `centerPadding` lets 8-wide SIMD loads start at any feature without running off the end.
protocol KMeansData: Sendable {
    /// Per-restart scratch memory.
    associatedtype Workspace

    /// Number of rows n.
    var rowCount: Int { get }
    /// Number of features d as clustered (the sparse backend drops all-zero columns).
    var columnCount: Int { get }
    /// ‖x_i‖² of every row as clustered, `[rowCount]`.
    var rowSquaredNorms: [Float] { get }

    /// Centroids `[k, input width]` in the input's coordinates as a feature-major
    /// `[columnCount, k]` centre buffer (without the zero tail).
    func featureMajorCenters(from centroids: Matrix) -> [Float]

    /// The inverse of `featureMajorCenters`: centroids `[k, input width]` in the input's coordinates.
    func centroids(fromFeatureMajor centers: [Float], clusterCount: Int) -> Matrix

    /// Scratch for one restart with `clusterCount` centres.
    func makeWorkspace(clusterCount: Int) -> Workspace

    /// Mean over features of the per-feature variance (scikit-learn's tolerance scale).
    func meanColumnVariance() -> Double

    /// Squared distances from every row to each `candidates` row, written to `output` as
    /// `[candidates.count, rowCount]`.
    func squaredDistances(fromRows candidates: [Int], into output: UnsafeMutablePointer<Float>)

    /// Adds `scale · x_row` to centre `center` of a `[columnCount, clusterCount]` buffer.
    func addRow(_ row: Int, scale: Float, toCenter center: Int, clusterCount: Int, centers: UnsafeMutablePointer<Float>)

    /// E-step, fused with the M-step sums: the nearest centre of every row (lowest index on
    /// ties) and its squared distance; when `sums` is given (a zeroed centre buffer), every
    /// row is also added to it at its new label while the row is still in cache.
    func assign(
        centers: UnsafePointer<Float>, centerSquaredNorms: UnsafePointer<Float>, clusterCount: Int,
        labels: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>,
        sums: UnsafeMutablePointer<Float>?, workspace: Workspace)

    /// Σ_i ‖x_i − c_{label_i}‖², accumulated in Double.
    func inertia(labels: UnsafePointer<Int32>, centers: UnsafePointer<Float>, clusterCount: Int) -> Double
}

/// Zero floats after the last centre value of every centre buffer (see `KMeansData`).
let centerPadding = 16

/// Length of a feature-major centre buffer including its zero tail.
@inline(__always)
func centerBufferCount(columnCount: Int, clusterCount: Int) -> Int {
    columnCount * clusterCount + centerPadding
}

/// Eight consecutive floats from any address (no alignment needed).
@inline(__always)
func loadEight(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

/// The mean over `averagedOver` columns of each column's variance over `rowCount` rows, from
/// per-column sums and sums of squares (columns beyond `sums.count` are all zero and add 0);
/// the dense and sparse backends' tolerance scale.
/// - Complexity: O(sums.count).
func meanVariance(sums: [Double], squares: [Double], rowCount: Int, averagedOver columnCount: Int) -> Double {
    let count = Double(rowCount)
    var total = 0.0
    for column in sums.indices {
        let mean = sums[column] / count
        total += max(squares[column] / count - mean * mean, 0)
    }
    return total / Double(columnCount)
}
