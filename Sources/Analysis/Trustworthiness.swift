import LinearAlgebra

/// How faithfully an embedding keeps local neighbourhoods (Venna and Kaski 2001), as
/// `sklearn.manifold.trustworthiness` defines it:
///
///     T(k) = 1 − 2 / (N k (2N − 3k − 1)) · Σ_i Σ_{j ∈ N_k(i)} max(0, r(i, j) − k)
///
/// where N_k(i) are the k nearest neighbours of i in the embedding and r(i, j) is the rank of j
/// among i's neighbours in the original space (1 = nearest). Both spaces use Euclidean
/// distance; ties rank the lower row first. T is 1 when every embedded neighbour is also an
/// original neighbour.
public enum Trustworthiness {
    /// T(neighborCount) of `embedded` `[N, e]` against `original` `[N, d]`; needs neighborCount < N / 2.
    /// - Complexity: O(N² × (d + e + neighborCount)), concurrent over points; for modest N.
    public static func score(original: Matrix, embedded: Matrix, neighborCount: Int) -> Double {
        let pointCount = original.rowCount
        precondition(embedded.rowCount == pointCount,
                     "Original [\(original.rowCount), \(original.columnCount)] and embedded [\(embedded.rowCount), \(embedded.columnCount)] need the same row count")
        precondition(neighborCount >= 1 && 2 * neighborCount < pointCount,
                     "Trustworthiness needs 1 ≤ neighborCount < N / 2, got \(neighborCount) for N = \(pointCount)")
        let k = neighborCount
        let chunkSize = 32
        let chunkCount = (pointCount + chunkSize - 1) / chunkSize
        var penalties = [Double](repeating: 0, count: chunkCount)
        penalties.withUnsafeMutableBufferPointer { buffer in
            let output = SharedMutablePointer(buffer)
            ParallelFor.perform(iterationCount: chunkCount) { chunk in
                var originalDistances = [Double](repeating: 0, count: pointCount)
                var embeddedDistances = [Double](repeating: 0, count: pointCount)
                var penalty = 0.0
                for i in (chunk * chunkSize)..<min(pointCount, (chunk + 1) * chunkSize) {
                    squaredDistances(from: i, in: original, into: &originalDistances)
                    squaredDistances(from: i, in: embedded, into: &embeddedDistances)
                    // The k nearest in the embedding, ties to the lower row.
                    let nearest = nearestIndices(of: i, distances: embeddedDistances, count: k)
                    for j in nearest {
                        // Rank of j in the original space: 1 + rows strictly before it.
                        let target = originalDistances[j]
                        var rank = 1
                        for l in 0..<pointCount where l != i && l != j {
                            let distance = originalDistances[l]
                            if distance < target || (distance == target && l < j) { rank += 1 }
                        }
                        penalty += Double(max(0, rank - k))
                    }
                }
                output[chunk] = penalty
            }
        }
        let n = Double(pointCount), kk = Double(k)
        return 1 - penalties.reduce(0, +) * 2 / (n * kk * (2 * n - 3 * kk - 1))
    }

    /// ‖row_i − row_j‖² for every j.
    private static func squaredDistances(from i: Int, in matrix: Matrix, into distances: inout [Double]) {
        let width = matrix.columnCount
        matrix.values.withUnsafeBufferPointer { values in
            let anchor = values.baseAddress! + i * width
            for j in 0..<matrix.rowCount {
                let other = values.baseAddress! + j * width
                var sum = 0.0
                for column in 0..<width {
                    let difference = Double(anchor[column]) - Double(other[column])
                    sum += difference * difference
                }
                distances[j] = sum
            }
        }
    }

    /// The `count` rows nearest to `i` (excluding it), by distance then lower row.
    private static func nearestIndices(of i: Int, distances: [Double], count: Int) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(count + 1)
        func closer(_ a: Int, _ b: Int) -> Bool { distances[a] < distances[b] || (distances[a] == distances[b] && a < b) }
        for j in distances.indices where j != i {
            if best.count == count, !closer(j, best[count - 1]) { continue }
            var place = best.count
            while place > 0 && closer(j, best[place - 1]) { place -= 1 }
            best.insert(j, at: place)
            if best.count > count { best.removeLast() }
        }
        return best
    }
}
