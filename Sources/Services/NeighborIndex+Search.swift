import Analysis
import LinearAlgebra

extension NeighborIndex {
    /// The `count` rows most cosine-similar to row `query` among the pool rows, with the pool's size.
    ///
    /// The pool is every row but the query in split `splitCode` (nil: all splits) and, unless
    /// `anyLabel`, whose gold class is the query's prediction: the pool `neighbors` builds from a
    /// session. Scores and ranking are those of `NearestNeighbors.search` on the same rows: each
    /// dot product sums the products of shared columns in increasing column order, the cosine is
    /// `dot × 1/‖query‖ × 1/‖row‖`, positives rank first (ties: lower row), then zero-similarity
    /// rows in row order, then negatives; so the neighbours equal the uncached search's exactly.
    /// Neighbour indices are positions in the pool, as the uncached search returns them.
    /// - Complexity: O(rows + nnz) with one dense `[columnCount]` scratch row.
    public func search(query: Int, splitCode: UInt8?, anyLabel: Bool, count: Int) -> (neighbors: [Neighbor], poolRows: [Int]) {
        precondition(query >= 0 && query < rowCount, "query row \(query) outside 0..<\(rowCount)")
        let offsets = rowOffsets, columns = columnIndices, entries = values
        let labels = labels, splits = splits
        let wantedLabel = predictions[query]
        var queryWeights = [Float](repeating: 0, count: counts.columnCount)
        var inQuery = [Bool](repeating: false, count: counts.columnCount)
        var querySquares: Float = 0
        for entry in Int(offsets[query])..<Int(offsets[query + 1]) {
            let column = Int(columns[entry])
            queryWeights[column] = entries[entry]
            inQuery[column] = true
            querySquares += entries[entry] * entries[entry]
        }
        let queryScale: Float = querySquares > 0 ? 1 / querySquares.squareRoot() : 0

        var poolRows: [Int] = []
        var positives: [Neighbor] = []
        var zeros: [Int] = []
        var negatives: [Neighbor] = []
        queryWeights.withUnsafeBufferPointer { weights in
            inQuery.withUnsafeBufferPointer { inQuery in
                for row in 0..<rowCount where row != query {
                    if let splitCode, splits[row] != splitCode { continue }
                    if !anyLabel && labels[row] != wantedLabel { continue }
                    let poolIndex = poolRows.count
                    poolRows.append(row)
                    var dot: Float = 0
                    var shares = false
                    let start = Int(offsets[row]), end = Int(offsets[row + 1])
                    for entry in start..<end {
                        let column = Int(columns[entry])
                        if inQuery[column] {
                            shares = true
                            dot += weights[column] * entries[entry]
                        }
                    }
                    guard shares else {
                        if zeros.count < count { zeros.append(poolIndex) }
                        continue
                    }
                    var squares: Float = 0
                    for entry in start..<end { squares += entries[entry] * entries[entry] }
                    let rowScale: Float = squares > 0 ? 1 / squares.squareRoot() : 0
                    let similarity = dot * queryScale * rowScale
                    if similarity > 0 {
                        positives.append(Neighbor(index: poolIndex, similarity: similarity))
                    } else if similarity < 0 {
                        negatives.append(Neighbor(index: poolIndex, similarity: similarity))
                    } else if zeros.count < count {
                        zeros.append(poolIndex)
                    }
                }
            }
        }
        let keep = min(count, poolRows.count)
        let better = { (a: Neighbor, b: Neighbor) in a.similarity > b.similarity || (a.similarity == b.similarity && a.index < b.index) }
        positives.sort(by: better)
        var found = Array(positives.prefix(keep))
        if found.count < keep {
            found.append(contentsOf: zeros.prefix(keep - found.count).map { Neighbor(index: $0, similarity: 0) })
        }
        if found.count < keep {
            negatives.sort(by: better)
            found.append(contentsOf: negatives.prefix(keep - found.count))
        }
        return (found, poolRows)
    }
}
