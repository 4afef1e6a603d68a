import LinearAlgebra

/// k-means clustering (docs/METHOD.md §6.1) with scikit-learn 1.7's defaults and rules: greedy
/// k-means++ seeding, Lloyd iterations, a tolerance relative to the data's mean per-feature
/// variance, strict convergence when labels stop changing, and `initializationCount`
/// restarts keeping the lowest inertia (earliest restart on ties).
///
/// Dense input is centred and its distances come from GEMMs over row chunks; sparse input
/// stays CSR throughout, against dense centres over the columns in use (`SparseKMeansData`).
/// Each restart draws from its own `generator.split()` made up front. Dense restarts run in
/// lockstep (`KMeansLockstep`: one pass over the data serves every live restart); sparse
/// restarts run concurrently on the available cores, each sequentially. Either way the
/// result depends only on the seed, never on scheduling or the core count. Data is validated by preconditions only (k ≥ 1, at least
/// k rows, finite values expected): callers check user input first.
public struct KMeans: Sendable {
    /// Number of clusters k.
    public var clusterCount: Int
    /// Number of seeded restarts (scikit-learn's `n_init`).
    public var initializationCount: Int
    /// Maximum Lloyd iterations per restart (`max_iter`).
    public var maximumIterationCount: Int
    /// Relative tolerance (`tol`): the run stops once the squared centre shift is at most
    /// `tolerance ×` the mean per-feature variance of the data.
    public var tolerance: Double

    /// A k-means configuration; defaults follow scikit-learn (`n_init=10` as docs/METHOD.md §6.1 asks).
    public init(clusterCount: Int, initializationCount: Int = 10, maximumIterationCount: Int = 300, tolerance: Double = 1e-4) {
        self.clusterCount = clusterCount
        self.initializationCount = initializationCount
        self.maximumIterationCount = maximumIterationCount
        self.tolerance = tolerance
    }

    /// Clusters the rows of a dense `[n, d]` matrix.
    /// - Complexity: O(n_init × (k × (2 + ln k) × n × d + iterations × n × d × k)).
    public func fit(_ data: Matrix, generator: inout SplitMix64) -> KMeansResult {
        checkShape(rowCount: data.rowCount)
        let dense = DenseKMeansData(data)
        let generators = (0..<initializationCount).map { _ in generator.split() }
        let lockstep = KMeansLockstep(data: dense, clusterCount: clusterCount, maximumIterationCount: maximumIterationCount,
                                      tolerance: tolerance == 0 ? 0 : tolerance * dense.meanColumnVariance())
        return Self.result(lockstep.run(generators: generators), data: dense, clusterCount: clusterCount)
    }

    /// Clusters the rows of a sparse `[n, d]` CSR matrix without densifying it.
    /// - Complexity: O(n_init × (k × (2 + ln k) × nnz + iterations × (nnz × k + k × d_used)))
    ///   for d_used columns with a non-zero.
    public func fit(_ data: SparseMatrix, generator: inout SplitMix64) -> KMeansResult {
        checkShape(rowCount: data.rowCount)
        return best(of: SparseKMeansData(data), generator: &generator)
    }

    /// One Lloyd run from given centres `[k, d]` (scikit-learn's `init=array, n_init=1`).
    /// - Complexity: O(iterations × n × d × k).
    public func fit(_ data: Matrix, initialCentroids: Matrix) -> KMeansResult {
        checkShape(rowCount: data.rowCount)
        checkCentroids(initialCentroids, columnCount: data.columnCount)
        return single(DenseKMeansData(data), initialCentroids: initialCentroids)
    }

    /// One Lloyd run on sparse data from given dense centres `[k, d]`.
    /// - Complexity: O(iterations × (nnz × k + k × d_used)).
    public func fit(_ data: SparseMatrix, initialCentroids: Matrix) -> KMeansResult {
        checkShape(rowCount: data.rowCount)
        checkCentroids(initialCentroids, columnCount: data.columnCount)
        return single(SparseKMeansData(data, alsoKeep: initialCentroids), initialCentroids: initialCentroids)
    }

    // MARK: - Driver

    private func checkShape(rowCount: Int) {
        precondition(clusterCount >= 1, "k-means needs at least one cluster, got \(clusterCount)")
        precondition(rowCount >= clusterCount, "k-means with \(clusterCount) clusters needs at least \(clusterCount) rows, got \(rowCount)")
        precondition(initializationCount >= 1, "k-means needs at least one initialisation, got \(initializationCount)")
        precondition(maximumIterationCount >= 1, "k-means needs at least one iteration, got \(maximumIterationCount)")
    }

    private func checkCentroids(_ centroids: Matrix, columnCount: Int) {
        precondition(centroids.rowCount == clusterCount && centroids.columnCount == columnCount,
                     "Initial centroids are [\(centroids.rowCount), \(centroids.columnCount)], expected [\(clusterCount), \(columnCount)]")
    }

    private func lloyd<Data: KMeansData>(_ data: Data) -> LloydIterations<Data> {
        LloydIterations(data: data, clusterCount: clusterCount, maximumIterationCount: maximumIterationCount,
                        tolerance: tolerance == 0 ? 0 : tolerance * data.meanColumnVariance())
    }

    private func single<Data: KMeansData>(_ data: Data, initialCentroids: Matrix) -> KMeansResult {
        let outcome = lloyd(data).run(initialCenters: data.featureMajorCenters(from: initialCentroids))
        return Self.result(outcome, data: data, clusterCount: clusterCount)
    }

    private func best<Data: KMeansData>(of data: Data, generator: inout SplitMix64) -> KMeansResult {
        let iterations = lloyd(data)
        let generators = (0..<initializationCount).map { _ in generator.split() }
        let slots = ResultSlots<KMeansResult>(count: initializationCount)
        let clusterCount = self.clusterCount
        ParallelFor.perform(iterationCount: initializationCount) { restart in
            var restartGenerator = generators[restart]
            let seeds = KMeansSeeding.centers(data: data, clusterCount: clusterCount, generator: &restartGenerator)
            let outcome = iterations.run(initialCenters: seeds)
            slots.store(Self.result(outcome, data: data, clusterCount: clusterCount), at: restart)
        }
        let results = slots.collect()
        var winner = results[0]
        for candidate in results.dropFirst() where candidate.inertia < winner.inertia { winner = candidate }
        return winner
    }

    private static func result<Data: KMeansData>(
        _ outcome: (labels: [Int32], centers: [Float], inertia: Double, iterationCount: Int), data: Data, clusterCount: Int
    ) -> KMeansResult {
        KMeansResult(assignments: outcome.labels.map(Int.init),
                     centroids: data.centroids(fromFeatureMajor: outcome.centers, clusterCount: clusterCount),
                     inertia: outcome.inertia, iterationCount: outcome.iterationCount)
    }
}

/// Write-once slots filled concurrently, one per index; read after all writers finished.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Stores `value` at `index`; each index is written by exactly one worker.
    func store(_ value: Value, at index: Int) { storage[index] = value }

    /// All values in index order; every slot must have been filled.
    func collect() -> [Value] { (0..<count).map { storage[$0]! } }
}
