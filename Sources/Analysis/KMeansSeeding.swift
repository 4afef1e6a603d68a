import LinearAlgebra

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Greedy k-means++ seeding, following scikit-learn 1.7's `_kmeans_plusplus`
/// (sklearn/cluster/_kmeans.py):
///
/// * the first centre is a uniformly random row;
/// * every further centre draws `2 + ⌊ln k⌋` candidate rows, each with probability
///   proportional to its squared distance to the nearest centre chosen so far
///   (inverse-CDF sampling on the cumulative sums, in Double), and keeps the candidate
///   whose addition gives the lowest potential Σ_i min(D²(x_i), ‖x_i − candidate‖²).
///
/// One deliberate difference: a draw r selects the first row whose cumulative sum exceeds
/// r (scikit-learn's `searchsorted` takes the first that reaches it), so a row at distance
/// zero is never drawn while any row has positive distance; the two differ only when r
/// lands exactly on a cumulative sum.
enum KMeansSeeding {
    /// Initial centres, feature-major `[columnCount, clusterCount]` plus the zero tail.
    /// - Complexity: O(k × (2 + ln k) × cost of one row-to-all distance pass).
    static func centers<Data: KMeansData>(data: Data, clusterCount: Int, generator: inout SplitMix64) -> [Float] {
        let rowCount = data.rowCount, columnCount = data.columnCount
        let trialCount = 2 + Int(log(Double(clusterCount)))
        var centers = [Float](repeating: 0, count: centerBufferCount(columnCount: columnCount, clusterCount: clusterCount))
        let first = Int.random(in: 0..<rowCount, using: &generator)
        centers.withUnsafeMutableBufferPointer { data.addRow(first, scale: 1, toCenter: 0, clusterCount: clusterCount, centers: $0.baseAddress!) }
        guard clusterCount > 1 else { return centers }

        var closest = [Float](repeating: 0, count: rowCount)
        closest.withUnsafeMutableBufferPointer { data.squaredDistances(fromRows: [first], into: $0.baseAddress!) }
        var potential = closest.reduce(0.0) { $0 + Double($1) }
        var cumulative = [Double](repeating: 0, count: rowCount)
        var candidateDistances = [Float](repeating: 0, count: trialCount * rowCount)

        for center in 1..<clusterCount {
            var running = 0.0
            for row in 0..<rowCount {
                running += Double(closest[row])
                cumulative[row] = running
            }
            var candidates: [Int] = []
            candidates.reserveCapacity(trialCount)
            for _ in 0..<trialCount {
                let target = generator.nextUnitDouble() * potential
                candidates.append(firstIndex(in: cumulative, exceeding: target))
            }
            candidateDistances.withUnsafeMutableBufferPointer {
                data.squaredDistances(fromRows: candidates, into: $0.baseAddress!)
            }
            var bestTrial = 0
            var bestPotential = Double.infinity
            for trial in 0..<trialCount {
                var trialPotential = 0.0
                for row in 0..<rowCount {
                    trialPotential += Double(min(closest[row], candidateDistances[trial * rowCount + row]))
                }
                if trialPotential < bestPotential {
                    bestPotential = trialPotential
                    bestTrial = trial
                }
            }
            for row in 0..<rowCount {
                closest[row] = min(closest[row], candidateDistances[bestTrial * rowCount + row])
            }
            potential = bestPotential
            centers.withUnsafeMutableBufferPointer {
                data.addRow(candidates[bestTrial], scale: 1, toCenter: center, clusterCount: clusterCount, centers: $0.baseAddress!)
            }
        }
        return centers
    }

    /// The first index whose value exceeds `target` in a non-decreasing array, or the last
    /// index when none does (rounding at the top end).
    /// - Complexity: O(log n).
    static func firstIndex(in cumulative: [Double], exceeding target: Double) -> Int {
        var low = 0, high = cumulative.count
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return min(low, cumulative.count - 1)
    }
}
