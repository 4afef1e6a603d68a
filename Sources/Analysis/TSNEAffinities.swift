import Foundation
import LinearAlgebra

/// The symmetric input affinities P of t-SNE as a CSR matrix `[N, N]` summing to 1.
struct TSNEJointProbabilities: Sendable {
    /// Number of points N.
    let pointCount: Int
    /// Row start offsets, length N + 1.
    let rowOffsets: [Int]
    /// Column of each entry, increasing within a row.
    let columns: [Int32]
    /// p_ij of each entry; p_ij = p_ji and Σ p_ij = 1.
    let values: [Double]
}

/// Input affinities (van der Maaten and Hinton 2008, §2–3): Gaussian conditional
/// probabilities whose bandwidth is set per point so that their perplexity matches the
/// requested one, then symmetrised, p_ij = (p_j|i + p_i|j) / 2N.
enum TSNEAffinities {
    /// Largest bisection step count of the bandwidth search.
    static let maximumSearchSteps = 200
    /// Entropy tolerance of the bandwidth search, in nats (scikit-learn uses 1e-5 too).
    static let entropyTolerance = 1e-5

    /// Conditional probabilities p_j|i ∝ exp(−β_i d²_ij) of one point over its candidate
    /// neighbours, with β_i found by bisection so that the Shannon entropy (natural log) of the
    /// row equals log(perplexity) within `entropyTolerance`. Writes the row and returns its entropy.
    /// - Complexity: O(candidates × search steps), at most 200 steps.
    @discardableResult
    static func calibrateRow(squaredDistances: UnsafeBufferPointer<Double>, perplexity: Double,
                             into probabilities: UnsafeMutableBufferPointer<Double>) -> Double {
        let count = squaredDistances.count
        guard count > 0 else { return 0 }
        // Shifting by the smallest distance leaves the normalised row unchanged but keeps one
        // term at exp(0) = 1, so the sum never underflows.
        var smallest = Double.infinity
        for distance in squaredDistances { smallest = min(smallest, distance) }
        let target = log(perplexity)
        var beta = 1.0, lower = -Double.infinity, upper = Double.infinity
        var entropy = 0.0
        for _ in 0..<maximumSearchSteps {
            var sum = 0.0, weightedDistance = 0.0
            for j in 0..<count {
                let shifted = squaredDistances[j] - smallest
                let weight = exp(-beta * shifted)
                probabilities[j] = weight
                sum += weight
                weightedDistance += weight * shifted
            }
            entropy = log(sum) + beta * weightedDistance / sum
            let inverse = 1 / sum
            for j in 0..<count { probabilities[j] *= inverse }
            let difference = entropy - target
            if abs(difference) <= entropyTolerance { break }
            if difference > 0 {
                // Too flat: sharpen.
                lower = beta
                beta = upper == .infinity ? beta * 2 : (beta + upper) / 2
            } else {
                upper = beta
                beta = lower == -.infinity ? beta / 2 : (beta + lower) / 2
            }
            if !beta.isFinite || beta == 0 { break }
        }
        return entropy
    }

    /// Symmetric P from each point's neighbour list and squared distances.
    ///
    /// `neighbors[i]` lists candidate rows of point i (never i itself) and
    /// `squaredDistances[i]` their squared distances; rows are calibrated to `perplexity`
    /// concurrently, then p_ij = (p_j|i + p_i|j) / 2N over the union of both lists.
    /// - Complexity: O(N × k × search steps + N × k log k) for k neighbours per point.
    static func joint(neighbors: [[Int32]], squaredDistances: [[Double]], perplexity: Double) -> TSNEJointProbabilities {
        let pointCount = neighbors.count
        var conditional = [[Double]](repeating: [], count: pointCount)
        conditional.withUnsafeMutableBufferPointer { rows in
            let output = SharedMutablePointer(rows)
            ParallelFor.forEachRange(itemCount: pointCount, chunkSize: 256) { range in
                for point in range {
                    var row = [Double](repeating: 0, count: squaredDistances[point].count)
                    squaredDistances[point].withUnsafeBufferPointer { distances in
                        row.withUnsafeMutableBufferPointer { row in
                            _ = calibrateRow(squaredDistances: distances, perplexity: perplexity, into: row)
                        }
                    }
                    output[point] = row
                }
            }
        }
        return symmetrize(neighbors: neighbors, conditional: conditional)
    }

    /// (P + Pᵀ) / 2N for a row-stochastic sparse P given as per-row lists.
    /// - Complexity: O(nnz log k).
    static func symmetrize(neighbors: [[Int32]], conditional: [[Double]]) -> TSNEJointProbabilities {
        let pointCount = neighbors.count
        // Every directed entry (i, j, p) lands in row i and, mirrored, in row j.
        var counts = [Int](repeating: 0, count: pointCount + 1)
        for (point, list) in neighbors.enumerated() {
            counts[point + 1] += list.count
            for neighbor in list { counts[Int(neighbor) + 1] += 1 }
        }
        for point in 0..<pointCount { counts[point + 1] += counts[point] }
        let total = counts[pointCount]
        var bucketColumns = [Int32](repeating: 0, count: total)
        var bucketValues = [Double](repeating: 0, count: total)
        var next = Array(counts[0..<pointCount])
        for (point, list) in neighbors.enumerated() {
            for (place, neighbor) in list.enumerated() {
                let value = conditional[point][place]
                let j = Int(neighbor)
                bucketColumns[next[point]] = neighbor
                bucketValues[next[point]] = value
                next[point] += 1
                bucketColumns[next[j]] = Int32(truncatingIfNeeded: point)
                bucketValues[next[j]] = value
                next[j] += 1
            }
        }
        // Sort each row by column and merge duplicates (a pair that is in both lists).
        let rowStarts = counts, entryColumns = bucketColumns, entryValues = bucketValues
        var rowLists = [(columns: [Int32], values: [Double])](repeating: ([], []), count: pointCount)
        let scale = 1 / (2 * Double(pointCount))
        rowLists.withUnsafeMutableBufferPointer { rowBuffer in
            let output = SharedMutablePointer(rowBuffer)
            ParallelFor.forEachRange(itemCount: pointCount, chunkSize: 512) { range in
                var order: [Int] = []
                for point in range {
                    let start = rowStarts[point], end = rowStarts[point + 1]
                    order.removeAll(keepingCapacity: true)
                    order.append(contentsOf: start..<end)
                    order.sort { entryColumns[$0] < entryColumns[$1] || (entryColumns[$0] == entryColumns[$1] && $0 < $1) }
                    var columns: [Int32] = []
                    var values: [Double] = []
                    columns.reserveCapacity(order.count)
                    values.reserveCapacity(order.count)
                    for entry in order {
                        if let last = columns.last, last == entryColumns[entry] {
                            values[values.count - 1] += entryValues[entry] * scale
                        } else {
                            columns.append(entryColumns[entry])
                            values.append(entryValues[entry] * scale)
                        }
                    }
                    output[point] = (columns, values)
                }
            }
        }
        var offsets = [0]
        offsets.reserveCapacity(pointCount + 1)
        for row in rowLists { offsets.append(offsets.last! + row.columns.count) }
        return TSNEJointProbabilities(pointCount: pointCount, rowOffsets: offsets,
                                      columns: rowLists.flatMap(\.columns), values: rowLists.flatMap(\.values))
    }
}
