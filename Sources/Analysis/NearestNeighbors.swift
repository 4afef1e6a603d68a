import LinearAlgebra

/// One neighbour of a query: its row in the pool and its cosine similarity to the query.
public struct Neighbor: Sendable, Equatable {
    /// Row of the neighbour in the pool matrix.
    public var index: Int
    /// Cosine similarity to the query, in [-1, 1] (0 when either row is all zero).
    public var similarity: Float

    /// A neighbour at pool row `index` with cosine `similarity`.
    public init(index: Int, similarity: Float) {
        self.index = index
        self.similarity = similarity
    }
}

/// Exact cosine nearest neighbours, by brute force done well: an inverted index for sparse
/// rows, blocked matrix products for dense rows; both use every core.
///
/// Similarity is the cosine of the two rows: each dot product is divided by both row norms,
/// so callers may pass unnormalised rows (rows of `salience` representations are already
/// unit length, which makes this a no-op up to rounding). An all-zero row has similarity 0
/// to everything. Ranking: highest similarity first, ties broken by the lower pool row, so
/// results are identical whatever the number of cores.
public enum NearestNeighbors {
    /// Queries per concurrent chunk of the sparse search.
    static let sparseQueryChunkSize = 64
    /// Query rows per block of the dense search (the `m` of one product).
    static let denseQueryBlockSize = 512
    /// Pool rows per block of the dense search (the `n` of one product).
    static let densePoolBlockSize = 2048

    /// For each query row, the `count` most similar pool rows of a sparse matrix.
    ///
    /// Queries `[queryCount, columnCount]`, pool `[poolCount, columnCount]`, result
    /// `[queryCount][min(count, available)]`, best first; with `excludeSelf` (query and pool
    /// the same matrix) pool row `i` is never a neighbour of query `i`. Pool rows sharing no
    /// column with the query have similarity exactly 0 and fill any remaining places in row
    /// order. Nothing is densified: scores accumulate through an inverted index of the pool
    /// into one reused buffer per worker.
    /// - Complexity: O(Σ over query entries of the pool's posting length for that column
    ///   + queryCount × count log count); memory O(nnz + poolCount × workers).
    public static func search(queries: SparseMatrix, pool: SparseMatrix, count: Int, excludeSelf: Bool = false) -> [[Neighbor]] {
        checkArguments(queryShape: (queries.rowCount, queries.columnCount), poolShape: (pool.rowCount, pool.columnCount),
                       count: count, excludeSelf: excludeSelf)
        let poolCount = pool.rowCount
        let keep = min(count, poolCount - (excludeSelf ? 1 : 0))
        var results = [[Neighbor]](repeating: [], count: queries.rowCount)
        guard keep > 0, queries.rowCount > 0 else { return results }

        let index = NearestNeighborsInvertedIndex(pool)
        let queryScales = inverseRowNorms(queries)
        let poolScales = inverseRowNorms(pool)

        results.withUnsafeMutableBufferPointer { resultBuffer in
            let output = SharedMutablePointer(resultBuffer)
            ParallelFor.forEachRange(itemCount: queries.rowCount, chunkSize: sparseQueryChunkSize) { range in
                var scores = [Float](repeating: 0, count: poolCount)
                var marked = [Bool](repeating: false, count: poolCount)
                var touched: [Int32] = []
                touched.reserveCapacity(1024)
                var heap = NearestNeighborsHeap(capacity: keep)
                var negatives: [Neighbor] = []
                for query in range {
                    heap.reset()
                    // Accumulate raw dot products with every pool row that shares a column.
                    scores.withUnsafeMutableBufferPointer { scores in
                        marked.withUnsafeMutableBufferPointer { marked in
                            queries.columnIndices.withUnsafeBufferPointer { queryColumns in
                                queries.values.withUnsafeBufferPointer { queryValues in
                                    index.columnOffsets.withUnsafeBufferPointer { offsets in
                                        index.rows.withUnsafeBufferPointer { postingRows in
                                            index.values.withUnsafeBufferPointer { postingValues in
                                                for entry in queries.rowOffsets[query]..<queries.rowOffsets[query + 1] {
                                                    let column = Int(queryColumns[entry])
                                                    let weight = queryValues[entry]
                                                    for posting in offsets[column]..<offsets[column + 1] {
                                                        let row = Int(postingRows[posting])
                                                        if !marked[row] {
                                                            marked[row] = true
                                                            touched.append(Int32(truncatingIfNeeded: row))
                                                        }
                                                        scores[row] += weight * postingValues[posting]
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                            // Rank the rows with a positive cosine; set negatives aside.
                            let queryScale = queryScales[query]
                            negatives.removeAll(keepingCapacity: true)
                            for row32 in touched {
                                let row = Int(row32)
                                if excludeSelf && row == query { continue }
                                let similarity = scores[row] * queryScale * poolScales[row]
                                if similarity > 0 {
                                    heap.consider(similarity: similarity, index: row)
                                } else if similarity < 0 {
                                    negatives.append(Neighbor(index: row, similarity: similarity))
                                }
                            }
                            var neighbors = heap.sortedNeighbors()
                            if neighbors.count < keep {
                                // Zero similarity: untouched rows and touched rows scoring exactly 0, in row order.
                                var row = 0
                                while neighbors.count < keep && row < poolCount {
                                    if !(excludeSelf && row == query) {
                                        if !marked[row] || scores[row] * queryScale * poolScales[row] == 0 {
                                            neighbors.append(Neighbor(index: row, similarity: 0))
                                        }
                                    }
                                    row += 1
                                }
                                if neighbors.count < keep {
                                    negatives.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.index < $1.index) }
                                    neighbors.append(contentsOf: negatives.prefix(keep - neighbors.count))
                                }
                            }
                            output[query] = neighbors
                            for row32 in touched {
                                scores[Int(row32)] = 0
                                marked[Int(row32)] = false
                            }
                            touched.removeAll(keepingCapacity: true)
                        }
                    }
                }
            }
        }
        return results
    }

    /// For each query row, the `count` most similar pool rows of a dense matrix.
    ///
    /// Queries `[queryCount, columnCount]`, pool `[poolCount, columnCount]`, result
    /// `[queryCount][min(count, available)]`, best first; with `excludeSelf` (query and pool
    /// the same matrix) pool row `i` is never a neighbour of query `i`. Similarities come from
    /// `[512, 2048]` blocks of `queries · poolᵀ` through `gemm`, each scanned into a bounded
    /// per-query heap, so memory stays O(blocks + queryCount × count) however large the
    /// matrices.
    /// - Complexity: O(queryCount × poolCount × columnCount) for the products plus
    ///   O(queryCount × poolCount) for the scans.
    public static func search(queries: Matrix, pool: Matrix, count: Int, excludeSelf: Bool = false) -> [[Neighbor]] {
        search(queries: queries, pool: pool, count: count, excludeSelf: excludeSelf,
               queryBlockSize: denseQueryBlockSize, poolBlockSize: densePoolBlockSize)
    }

    /// The preconditions shared by the sparse and dense searches (shapes as `(rows, columns)`).
    private static func checkArguments(queryShape: (rows: Int, columns: Int), poolShape: (rows: Int, columns: Int),
                                       count: Int, excludeSelf: Bool) {
        precondition(queryShape.columns == poolShape.columns,
                     "Queries [\(queryShape.rows), \(queryShape.columns)] and pool [\(poolShape.rows), \(poolShape.columns)] need the same column count")
        precondition(!excludeSelf || queryShape.rows == poolShape.rows,
                     "excludeSelf needs queries and pool to be the same matrix, got [\(queryShape.rows), \(queryShape.columns)] and [\(poolShape.rows), \(poolShape.columns)]")
        precondition(count >= 0, "Neighbour count must be non-negative, got \(count)")
    }

    /// The dense search with explicit block sizes (tests use tiny blocks to cover the edges).
    static func search(queries: Matrix, pool: Matrix, count: Int, excludeSelf: Bool,
                       queryBlockSize: Int, poolBlockSize: Int) -> [[Neighbor]] {
        checkArguments(queryShape: (queries.rowCount, queries.columnCount), poolShape: (pool.rowCount, pool.columnCount),
                       count: count, excludeSelf: excludeSelf)
        let queryCount = queries.rowCount
        let poolCount = pool.rowCount
        let columnCount = queries.columnCount
        let keep = min(count, poolCount - (excludeSelf ? 1 : 0))
        var results = [[Neighbor]](repeating: [], count: queryCount)
        guard keep > 0, queryCount > 0 else { return results }

        let queryScales = inverseRowNorms(queries)
        let poolScales = inverseRowNorms(pool)
        let queryBlock = min(queryBlockSize, queryCount)
        let poolBlock = min(poolBlockSize, poolCount)
        var block = [Float](repeating: 0, count: queryBlock * poolBlock)
        var heaps = (0..<queryBlock).map { _ in NearestNeighborsHeap(capacity: keep) }
        let scanChunkSize = max(1, queryBlock / 16)

        results.withUnsafeMutableBufferPointer { resultBuffer in
            let output = SharedMutablePointer(resultBuffer)
            queries.values.withUnsafeBufferPointer { queryValues in
                pool.values.withUnsafeBufferPointer { poolValues in
                    block.withUnsafeMutableBufferPointer { blockBuffer in
                        heaps.withUnsafeMutableBufferPointer { heapBuffer in
                            let scores = SharedMutablePointer(blockBuffer)
                            let blockHeaps = SharedMutablePointer(heapBuffer)
                            for queryStart in stride(from: 0, to: queryCount, by: queryBlock) {
                                let queryRows = min(queryBlock, queryCount - queryStart)
                                for row in 0..<queryRows { blockHeaps[row].reset() }
                                for poolStart in stride(from: 0, to: poolCount, by: poolBlock) {
                                    let poolRows = min(poolBlock, poolCount - poolStart)
                                    if columnCount > 0 {
                                        gemm(.none, .transposed, m: queryRows, n: poolRows, k: columnCount,
                                             a: queryValues.baseAddress! + queryStart * columnCount, lda: columnCount,
                                             b: poolValues.baseAddress! + poolStart * columnCount, ldb: columnCount,
                                             c: scores.base, ldc: poolRows)
                                    } else {
                                        scores.base.update(repeating: 0, count: queryRows * poolRows)
                                    }
                                    // Scan each query's row of the block into its heap, in parallel over queries.
                                    ParallelFor.forEachRange(itemCount: queryRows, chunkSize: scanChunkSize) { range in
                                        poolScales.withUnsafeBufferPointer { poolScales in
                                            for row in range {
                                                let query = queryStart + row
                                                let queryScale = queryScales[query]
                                                let line = scores.base + row * poolRows
                                                var threshold = blockHeaps[row].threshold
                                                for column in 0..<poolRows {
                                                    let poolRow = poolStart + column
                                                    let similarity = line[column] * queryScale * poolScales[poolRow]
                                                    // Candidates arrive in increasing pool row, so an equal score never wins.
                                                    guard similarity > threshold else { continue }
                                                    if excludeSelf && poolRow == query { continue }
                                                    blockHeaps[row].consider(similarity: similarity, index: poolRow)
                                                    threshold = blockHeaps[row].threshold
                                                }
                                            }
                                        }
                                    }
                                }
                                ParallelFor.forEachRange(itemCount: queryRows, chunkSize: scanChunkSize) { range in
                                    for row in range { output[queryStart + row] = blockHeaps[row].sortedNeighbors() }
                                }
                            }
                        }
                    }
                }
            }
        }
        return results
    }

    /// 1 / ‖row‖ for every row of a dense matrix (0 for an all-zero row).
    static func inverseRowNorms(_ matrix: Matrix) -> [Float] {
        matrix.rowSquaredNorms().map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
    }

    /// 1 / ‖row‖ for every row of a sparse matrix (0 for an empty or all-zero row).
    static func inverseRowNorms(_ matrix: SparseMatrix) -> [Float] {
        (0..<matrix.rowCount).map { row in
            var sum: Float = 0
            for entry in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] { sum += matrix.values[entry] * matrix.values[entry] }
            return sum > 0 ? 1 / sum.squareRoot() : 0
        }
    }
}
