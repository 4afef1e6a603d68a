import Foundation
import LinearAlgebra

/// t-distributed stochastic neighbour embedding into two dimensions (van der Maaten and
/// Hinton 2008, "Visualizing data using t-SNE", JMLR 9: 2579–2605), for the `map` scatter plot.
///
/// Geometry: rows are compared by cosine. Each row is scaled to unit length (a copy; the
/// input is untouched) and the squared distance between rows a and b is 2 − 2·cos(a, b), which
/// for unit rows is exactly their squared Euclidean distance, so t-SNE runs in its usual
/// Euclidean form on the rows' directions; an all-zero row is at squared distance 2 (as if
/// orthogonal) from every other row.
///
/// Affinities: for N ≤ `exactThreshold` every other point is a candidate neighbour (the exact
/// P of the paper); above it only the ⌊3 · perplexity⌋ nearest (exact cosine kNN through
/// `NearestNeighbors`), as in van der Maaten's Barnes–Hut t-SNE and openTSNE, less any with
/// cosine ≤ 0: sparse rows often share a column with fewer than ⌊3 · perplexity⌋ others, and
/// the orthogonal rows that would pad the list all tie, so they carry no neighbourhood
/// information (such a row's perplexity is then below the target; an all-zero row gets no
/// affinities and only feels repulsion). Each row's Gaussian bandwidth is found by bisection
/// so that its perplexity matches, then p_ij = (p_j|i + p_i|j) / 2N.
///
/// Gradient: exact O(N²) for N ≤ `exactThreshold` (one fused single-precision SIMD pass over
/// all pairs); above it the attraction is summed over P's entries and the repulsion
/// interpolated on a grid with FFTs (`TSNEInterpolatedRepulsion`, FIt-SNE as in openTSNE) in
/// O(N + M² log M).
///
/// Optimisation (openTSNE 1.0's schedule and learning-rate rule, van der Maaten's update rule):
/// PCA initialisation rescaled so the first coordinate has standard deviation 1e-4 (the
/// convention of both openTSNE's `initialization.rescale` and scikit-learn's `init="pca"`),
/// gradient descent with momentum 0.5 while P is exaggerated by `earlyExaggeration` for the
/// first `earlyExaggerationIterationCount` steps and 0.8 after, per-coordinate gains
/// (+0.2 when the gradient changes sign against the last update, ×0.8 otherwise, at least 0.01;
/// Jacobs' delta-bar-delta as in van der Maaten's bhtsne), and the embedding re-centred after
/// every step. 250 exaggerated steps and 500 more, as openTSNE's `TSNE.fit`. The automatic
/// learning rate is set per phase as openTSNE's `learning_rate="auto"`: N / exaggeration in its
/// units, max(N / exaggeration / 4, 50) here once the factor 4 that openTSNE leaves out of the
/// gradient is accounted for, so N / 48 while P is exaggerated (scikit-learn's "auto" rule, which
/// it keeps for all steps) and N / 4 after. On the benchmark's 10,000 × 50 matrix this reaches an
/// exact KL of 3.027 in 750 steps, against 3.049 for scikit-learn's rule in 1,000 steps
/// (openTSNE 1.0.4: 3.013 against the same P). A fixed number of steps is taken
/// (no early stopping), and every sum is ordered independently of the core count, so the same
/// input and seed give the same bytes.
public struct TSNE: Sendable {
    /// Target perplexity of each point's input affinities (effective number of neighbours).
    public var perplexity: Double
    /// Total gradient steps, exaggerated ones included.
    public var iterationCount: Int
    /// Factor applied to P during the first steps.
    public var earlyExaggeration: Double
    /// Steps with exaggerated P (and momentum 0.5).
    public var earlyExaggerationIterationCount: Int
    /// Step size of every phase; `nil` picks max(N / exaggeration / 4, 50) with the phase's exaggeration.
    public var learningRate: Double?
    /// Largest N that uses exact affinities and the exact O(N²) gradient.
    public var exactThreshold: Int
    /// Interpolation nodes per grid interval and axis for large N (openTSNE's `n_interpolation_points`);
    /// 4 is more accurate (final KL about 1.4 % lower at 10,000 points) for about 1.8× the time.
    public var interpolationNodesPerInterval: Int
    /// Fewest grid intervals per axis for large N (openTSNE's `min_num_intervals`).
    public var minimumIntervalCount: Int

    /// The default `exactThreshold`, the measured crossover. End to end on two idle cores
    /// (release build, subsets of the benchmark's 10,000 × 50 matrix) the exact path takes
    /// 0.62 s at N = 1,000, 1.42 s at 1,500 and 2.49 s at 2,000; the interpolated path 1.67 s,
    /// 1.72 s and 1.81 s.
    public static let defaultExactThreshold = 1500

    /// A t-SNE configuration; the defaults are docs/METHOD.md §6.5's.
    public init(perplexity: Double = 30, iterationCount: Int = 750, earlyExaggeration: Double = 12,
                earlyExaggerationIterationCount: Int = 250, learningRate: Double? = nil,
                exactThreshold: Int = TSNE.defaultExactThreshold,
                interpolationNodesPerInterval: Int = 3, minimumIntervalCount: Int = 50) {
        precondition(iterationCount >= 0 && earlyExaggerationIterationCount >= 0,
                     "t-SNE step counts must be non-negative, got \(iterationCount) and \(earlyExaggerationIterationCount)")
        precondition(earlyExaggeration > 0, "t-SNE early exaggeration must be positive, got \(earlyExaggeration)")
        precondition(exactThreshold >= 0, "t-SNE exact threshold must be non-negative, got \(exactThreshold)")
        precondition(interpolationNodesPerInterval >= 1 && minimumIntervalCount >= 1,
                     "t-SNE interpolation needs at least one node and one interval, got \(interpolationNodesPerInterval) and \(minimumIntervalCount)")
        self.perplexity = perplexity
        self.iterationCount = iterationCount
        self.earlyExaggeration = earlyExaggeration
        self.earlyExaggerationIterationCount = earlyExaggerationIterationCount
        self.learningRate = learningRate
        self.exactThreshold = exactThreshold
        self.interpolationNodesPerInterval = interpolationNodesPerInterval
        self.minimumIntervalCount = minimumIntervalCount
    }

    /// Embeds dense rows `[N, columnCount]` into the plane, result coordinates `[N, 2]`.
    ///
    /// The generator is used only if the PCA initialisation is degenerate (a constant
    /// coordinate), to jitter it; otherwise dense input gives the same result for every seed.
    /// - Complexity: O(N² × columnCount) for the neighbours (blocked products), then
    ///   O(iterationCount × N²) up to `exactThreshold` or O(iterationCount × (N × perplexity + M² log M)) above.
    public func embed(_ data: Matrix, generator: inout SplitMix64) throws(TSNEError) -> TSNEResult {
        try validate(pointCount: data.rowCount, columnCount: data.columnCount, values: data.values) { $0 / max(1, data.columnCount) }
        var rows = data
        rows.normalizeRows()
        let neighbors = NearestNeighbors.search(queries: rows, pool: rows, count: neighborCount(pointCount: rows.rowCount), excludeSelf: true)
        let initial = PCA.project(rows, componentCount: 2)
        return run(neighbors: neighbors, initial: initial, generator: &generator)
    }

    /// Embeds sparse rows `[N, columnCount]` (CSR, never densified) into the plane, result `[N, 2]`.
    ///
    /// The generator drives the randomised PCA of the initialisation.
    /// - Complexity: as the dense `embed`, with the neighbour search through an inverted index.
    public func embed(_ data: SparseMatrix, generator: inout SplitMix64) throws(TSNEError) -> TSNEResult {
        try validate(pointCount: data.rowCount, columnCount: data.columnCount, values: data.values) { entry in
            data.rowOffsets.firstIndex { $0 > entry }.map { $0 - 1 } ?? 0
        }
        var rows = data
        rows.normalizeRows()
        let neighbors = NearestNeighbors.search(queries: rows, pool: rows, count: neighborCount(pointCount: rows.rowCount), excludeSelf: true)
        let initial = PCA.project(rows, componentCount: 2, generator: &generator)
        return run(neighbors: neighbors, initial: initial, generator: &generator)
    }

    // MARK: - Steps

    /// Candidate neighbours per point: all others up to `exactThreshold`, else ⌊3 · perplexity⌋.
    func neighborCount(pointCount: Int) -> Int {
        pointCount <= exactThreshold ? pointCount - 1 : min(pointCount - 1, Int((3 * perplexity).rounded(.down)))
    }

    /// Checks the perplexity against N and the values for NaN or infinity.
    private func validate(pointCount: Int, columnCount: Int, values: [Float], rowOfEntry: (Int) -> Int) throws(TSNEError) {
        guard pointCount >= 4 else {
            throw TSNEError("t-SNE needs at least 4 examples, got \(pointCount); select more examples.")
        }
        guard perplexity.isFinite, perplexity >= 1 else {
            throw TSNEError("perplexity \(perplexity) is not a number of neighbours; choose a perplexity between 5 and 50 (at least 1).")
        }
        let largest = Double(pointCount - 1) / 3
        guard perplexity <= largest else {
            throw TSNEError("perplexity \(Self.format(perplexity)) is too large for \(pointCount) examples; choose a perplexity of \(Int(largest.rounded(.down))) or less (at most (N − 1) / 3).")
        }
        if let learningRate, !(learningRate.isFinite && learningRate > 0) {
            throw TSNEError("learning rate \(learningRate) must be a positive number; leave it unset for the automatic rate (N / 48 during early exaggeration, N / 4 after, at least 50).")
        }
        if let entry = values.firstIndex(where: { !$0.isFinite }) {
            throw TSNEError("row \(rowOfEntry(entry)) holds a non-finite value (\(values[entry])); t-SNE needs finite numbers, so drop or fix that row.")
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Affinities, initialisation and optimisation from the cosine neighbour lists.
    private func run(neighbors: [[Neighbor]], initial: Matrix, generator: inout SplitMix64) -> TSNEResult {
        let pointCount = neighbors.count
        // With kNN affinities, a row with fewer than k positive cosines would be padded with
        // orthogonal rows that tie at similarity 0 (the lowest-numbered ones): arbitrary hubs.
        // Keep only real neighbours there; the exact path keeps every row, as exact P does.
        let lists = pointCount <= exactThreshold ? neighbors : neighbors.map { $0.filter { $0.similarity > 0 } }
        let indices = lists.map { $0.map { Int32(truncatingIfNeeded: $0.index) } }
        let squaredDistances = lists.map { $0.map { max(0, 2 - 2 * Double($0.similarity)) } }
        let probabilities = TSNEAffinities.joint(neighbors: indices, squaredDistances: squaredDistances, perplexity: perplexity)
        var (x, y) = Self.initialPositions(initial, generator: &generator)
        let divergence = optimize(probabilities, x: &x, y: &y)
        var coordinates = Matrix(rowCount: pointCount, columnCount: 2)
        for point in 0..<pointCount {
            coordinates[point, 0] = Float(x[point])
            coordinates[point, 1] = Float(y[point])
        }
        return TSNEResult(coordinates: coordinates, klDivergence: divergence, iterationCount: iterationCount)
    }

    /// The two PCA columns, centred and scaled together so the first has standard deviation
    /// 1e-4; a constant column is replaced by Gaussian noise of that size.
    static func initialPositions(_ projection: Matrix, generator: inout SplitMix64) -> (x: [Double], y: [Double]) {
        let pointCount = projection.rowCount
        var columns = (0..<2).map { column in (0..<pointCount).map { Double(projection[$0, column]) } }
        func standardDeviation(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        }
        for column in 0..<2 where !(standardDeviation(columns[column]) > 1e-12) {
            columns[column] = (0..<pointCount).map { _ in Double(generator.nextNormal()) }
        }
        let scale = 1e-4 / standardDeviation(columns[0])
        for column in 0..<2 {
            let mean = columns[column].reduce(0, +) / Double(pointCount)
            columns[column] = columns[column].map { ($0 - mean) * scale }
        }
        return (columns[0], columns[1])
    }

    /// Runs the gradient descent in place and returns the final KL(P ‖ Q).
    func optimize(_ probabilities: TSNEJointProbabilities, x: inout [Double], y: inout [Double]) -> Double {
        let pointCount = x.count
        let exact = pointCount <= exactThreshold
        let earlyRate = learningRate ?? max(Double(pointCount) / earlyExaggeration / 4, 50)
        let lateRate = learningRate ?? max(Double(pointCount) / 4, 50)
        var interpolation = TSNEInterpolatedRepulsion(nodesPerInterval: interpolationNodesPerInterval,
                                                      minimumIntervalCount: minimumIntervalCount)
        var attractionX = [Double](repeating: 0, count: pointCount), attractionY = attractionX
        var repulsionX = attractionX, repulsionY = attractionX
        var updateX = attractionX, updateY = attractionX
        var gainX = [Double](repeating: 1, count: pointCount), gainY = gainX
        let denseProbabilities = exact ? TSNEGradient.denseProbabilities(probabilities) : []
        let floatProbabilities = exact ? [] : probabilities.values.map(Float.init)
        var floatX = [Float](repeating: 0, count: pointCount), floatY = floatX
        for iteration in 0..<iterationCount {
            let exaggerating = iteration < earlyExaggerationIterationCount
            let exaggeration = exaggerating ? earlyExaggeration : 1
            let momentum = exaggerating ? 0.5 : 0.8
            let rate = exaggerating ? earlyRate : lateRate
            let normalization: Double
            for i in 0..<pointCount {
                floatX[i] = Float(x[i])
                floatY[i] = Float(y[i])
            }
            if exact {
                normalization = TSNEGradient.fusedExactTerms(denseProbabilities: denseProbabilities, x: floatX, y: floatY,
                                                             attractionX: &attractionX, attractionY: &attractionY,
                                                             repulsionX: &repulsionX, repulsionY: &repulsionY)
            } else {
                TSNEGradient.fastAttraction(probabilities, values: floatProbabilities, x: floatX, y: floatY,
                                            attractionX: &attractionX, attractionY: &attractionY)
                normalization = interpolation.repulsion(x: x, y: y, repulsionX: &repulsionX, repulsionY: &repulsionY)
            }
            let inverseNormalization = normalization > 0 ? 1 / normalization : 0
            var meanX = 0.0, meanY = 0.0
            for i in 0..<pointCount {
                let gradientX = 4 * (exaggeration * attractionX[i] - repulsionX[i] * inverseNormalization)
                let gradientY = 4 * (exaggeration * attractionY[i] - repulsionY[i] * inverseNormalization)
                gainX[i] = Self.adaptedGain(gainX[i], gradient: gradientX, update: updateX[i])
                gainY[i] = Self.adaptedGain(gainY[i], gradient: gradientY, update: updateY[i])
                updateX[i] = momentum * updateX[i] - rate * gainX[i] * gradientX
                updateY[i] = momentum * updateY[i] - rate * gainY[i] * gradientY
                x[i] += updateX[i]
                y[i] += updateY[i]
                meanX += x[i]
                meanY += y[i]
            }
            meanX /= Double(pointCount)
            meanY /= Double(pointCount)
            for i in 0..<pointCount {
                x[i] -= meanX
                y[i] -= meanY
            }
        }
        let normalization: Double
        if exact || pointCount <= 50_000 {
            normalization = TSNEGradient.exactNormalization(x: x, y: y)
        } else {
            normalization = interpolation.repulsion(x: x, y: y, repulsionX: &repulsionX, repulsionY: &repulsionY)
        }
        return TSNEGradient.klDivergence(probabilities, x: x, y: y, normalization: normalization)
    }

    /// Delta-bar-delta: grow the gain when the gradient opposes the running update (the sign
    /// of 0 counting as its own sign, as in bhtsne), shrink it otherwise, never below 0.01.
    @inline(__always)
    static func adaptedGain(_ gain: Double, gradient: Double, update: Double) -> Double {
        let changed = gradient.signum != update.signum
        return max(changed ? gain + 0.2 : gain * 0.8, 0.01)
    }
}

private extension Double {
    /// −1, 0 or 1.
    var signum: Double { self > 0 ? 1 : (self < 0 ? -1 : 0) }
}
