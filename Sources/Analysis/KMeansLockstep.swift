import LinearAlgebra

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// All restarts of a dense k-means fit run in lockstep: every pass over the data serves every
/// restart still running, so the `[n, d]` matrix (38 MB at 25,000 × 384) streams through the
/// cache once per step instead of once per restart and step.
///
/// * Seeding follows `KMeansSeeding` draw for draw (each restart has its own generator); the
///   candidate distances of all restarts come from one product against the R × (2 + ⌊ln k⌋)
///   candidate rows.
/// * Each Lloyd pass multiplies each block of `blockRowCount` rows by the stacked centres of
///   the live restarts (`[d, live × k]`, one sgemm), takes every restart's argmin and adds the
///   row to that restart's centre sums while the block is in cache. The rows are cut into
///   `partCount` fixed parts that run concurrently; part sums are added in part order, so the
///   result does not depend on the number of cores.
/// * The per-restart bookkeeping (empty clusters, means, shift, strict convergence,
///   tolerance, final assignment) is `LloydIterations`'; a restart leaves the lockstep when it
///   stops, after one last assignment pass if it stopped on the tolerance or the cap.
/// * The winner is the restart with the lowest Σ of its final squared distances (earliest on
///   ties); only its inertia is then recomputed exactly, in Double.
struct KMeansLockstep {
    let data: DenseKMeansData
    let clusterCount: Int
    let maximumIterationCount: Int
    /// Absolute bound on the squared centre shift.
    let tolerance: Double

    /// Fixed row parts per pass (independent of the core count, for determinism).
    static let partCount = 8
    /// Rows per sgemm: 256 × 384 floats (384 KB) stay in a 512 KB L2 cache.
    static let blockRowCount = 256

    /// One restart's state; each is touched by one thread at a time outside the passes.
    final class Restart {
        var centers: [Float]
        var newCenters: [Float]
        var norms: [Float]
        var labels: UnsafeMutablePointer<Int32>
        var previousLabels: UnsafeMutablePointer<Int32>
        let distances: UnsafeMutablePointer<Float>
        let rowCount: Int
        var iterationCount = 0
        /// 0: iterating, 1: needs a final assignment, 2: done.
        var phase = 0

        init(centers: [Float], columnCount: Int, clusterCount: Int, rowCount: Int) {
            self.centers = centers
            newCenters = [Float](repeating: 0, count: centers.count)
            norms = CenterUpdate.squaredNorms(of: centers, columnCount: columnCount, clusterCount: clusterCount)
            self.rowCount = rowCount
            labels = .allocate(capacity: rowCount)
            labels.initialize(repeating: -1, count: rowCount)
            previousLabels = .allocate(capacity: rowCount)
            previousLabels.initialize(repeating: -1, count: rowCount)
            distances = .allocate(capacity: rowCount)
            distances.initialize(repeating: 0, count: rowCount)
        }

        deinit {
            labels.deallocate()
            previousLabels.deallocate()
            distances.deallocate()
        }
    }

    /// Runs one restart per generator and returns the best: labels, feature-major centres
    /// `[d, k]`, exact inertia and iteration count.
    /// - Complexity: O(R × (k × (2 + ln k) + iterations) × n × d × k) arithmetic, but only
    ///   O((k + max iterations) × n × d) memory traffic.
    func run(generators: [SplitMix64]) -> (labels: [Int32], centers: [Float], inertia: Double, iterationCount: Int) {
        let rowCount = data.rowCount, columnCount = data.columnCount, clusterCount = self.clusterCount
        let seeds = seed(generators: generators)
        let restarts = seeds.map { Restart(centers: $0, columnCount: columnCount, clusterCount: clusterCount, rowCount: rowCount) }
        let restartCount = restarts.count
        let stride = clusterCount * columnCount
        // Scratch for every pass, allocated once.
        var stacked = [Float](repeating: 0, count: columnCount * restartCount * clusterCount)
        var stackedNorms = [Float](repeating: 0, count: restartCount * clusterCount)
        var partSums = [Float](repeating: 0, count: Self.partCount * restartCount * stride)
        var dots = [Float](repeating: 0, count: Self.partCount * Self.blockRowCount * restartCount * clusterCount)

        while true {
            let live = restarts.filter { $0.phase < 2 }
            if live.isEmpty { break }
            let liveCount = live.count, width = liveCount * clusterCount
            for (slot, restart) in live.enumerated() {
                for feature in 0..<columnCount {
                    for center in 0..<clusterCount {
                        stacked[feature * width + slot * clusterCount + center] = restart.centers[feature * clusterCount + center]
                    }
                }
                for center in 0..<clusterCount { stackedNorms[slot * clusterCount + center] = restart.norms[center] }
            }
            let accumulating = live.map { $0.phase == 0 }
            pass(live: live, accumulating: accumulating, stacked: &stacked, stackedNorms: &stackedNorms, partSums: &partSums, dots: &dots)
            partSums.withUnsafeBufferPointer { partSums in
                let sums = SharedPointer(partSums.baseAddress!)
                ParallelFor.perform(iterationCount: liveCount) { slot in
                    let restart = live[slot]
                    if restart.phase == 1 {
                        restart.phase = 2
                        return
                    }
                    restart.newCenters.withUnsafeMutableBufferPointer { newCenters in
                        newCenters.update(repeating: 0)
                        for part in 0..<Self.partCount {
                            let source = sums.base + (part * restartCount + slot) * stride
                            for center in 0..<clusterCount {
                                let row = source + center * columnCount
                                for feature in 0..<columnCount { newCenters[feature * clusterCount + center] += row[feature] }
                            }
                        }
                    }
                    step(restart)
                }
            }
        }

        var winner = 0
        var winnerScore = Double.infinity
        for (index, restart) in restarts.enumerated() {
            var score = 0.0
            for row in 0..<rowCount { score += Double(restart.distances[row]) }
            if score < winnerScore {
                winnerScore = score
                winner = index
            }
        }
        let best = restarts[winner]
        let inertia = exactInertia(labels: best.labels, centers: best.centers)
        return (Array(UnsafeBufferPointer(start: best.labels, count: rowCount)), Array(best.centers.prefix(stride)), inertia, best.iterationCount)
    }

    /// The M-step and stopping rules of one iterating restart, after its assignment pass
    /// left the sums in `newCenters`.
    private func step(_ restart: Restart) {
        let rowCount = data.rowCount, columnCount = data.columnCount
        restart.iterationCount += 1
        var counts = [Int](repeating: 0, count: clusterCount)
        for row in 0..<rowCount { counts[Int(restart.labels[row])] += 1 }
        restart.newCenters.withUnsafeMutableBufferPointer { sums in
            LloydIterations<DenseKMeansData>.relocateEmptyClusters(
                data: data, clusterCount: clusterCount, sums: sums.baseAddress!, counts: &counts,
                labels: restart.labels, distances: UnsafeBufferPointer(start: restart.distances, count: rowCount))
        }
        let shift = CenterUpdate.average(sums: &restart.newCenters, counts: counts, previous: restart.centers,
                                         columnCount: columnCount, norms: &restart.norms)
        swap(&restart.centers, &restart.newCenters)
        if memcmp(restart.labels, restart.previousLabels, rowCount * MemoryLayout<Int32>.stride) == 0 {
            restart.phase = 2
            return
        }
        if shift <= tolerance || restart.iterationCount >= maximumIterationCount {
            restart.phase = 1
            return
        }
        swap(&restart.labels, &restart.previousLabels)
    }

    /// One assignment pass for the live restarts (slot s uses stacked columns s·k ..< (s+1)·k);
    /// restarts with `accumulating[s]` also get their rows' sums in `partSums`, row-major
    /// `[part, restart slot, k, d]`.
    /// - Complexity: O(n × d × live × k), one read of the data.
    private func pass(live: [Restart], accumulating: [Bool], stacked: inout [Float], stackedNorms: inout [Float],
                      partSums: inout [Float], dots: inout [Float]) {
        let rowCount = data.rowCount, columnCount = data.columnCount, clusterCount = self.clusterCount
        let liveCount = live.count, width = liveCount * clusterCount
        let restartStride = clusterCount * columnCount, partStride = (partSums.count / Self.partCount)
        let dotsStride = dots.count / Self.partCount
        let labels = live.map { SharedMutablePointer($0.labels) }
        let distances = live.map { SharedMutablePointer($0.distances) }
        data.centered.values.withUnsafeBufferPointer { values in
            data.rowSquaredNorms.withUnsafeBufferPointer { rowNorms in
                stacked.withUnsafeBufferPointer { stacked in
                    stackedNorms.withUnsafeBufferPointer { centerNorms in
                        partSums.withUnsafeMutableBufferPointer { partSums in
                            dots.withUnsafeMutableBufferPointer { dots in
                                let values = SharedPointer(values.baseAddress!), rowNorms = SharedPointer(rowNorms.baseAddress!)
                                let stacked = SharedPointer(stacked.baseAddress!), centerNorms = SharedPointer(centerNorms.baseAddress!)
                                let partSums = SharedMutablePointer(partSums), dots = SharedMutablePointer(dots)
                                ParallelFor.perform(iterationCount: Self.partCount) { part in
                                    let rows = (part * rowCount / Self.partCount)..<((part + 1) * rowCount / Self.partCount)
                                    let sums = partSums.base + part * partStride
                                    sums.update(repeating: 0, count: liveCount * restartStride)
                                    let blockDots = dots.base + part * dotsStride
                                    for blockStart in Swift.stride(from: rows.lowerBound, to: rows.upperBound, by: Self.blockRowCount) {
                                        let blockRows = min(Self.blockRowCount, rows.upperBound - blockStart)
                                        let block = values.base + blockStart * columnCount
                                        gemm(.none, .none, m: blockRows, n: width, k: columnCount, a: block, lda: columnCount,
                                             b: stacked.base, ldb: width, c: blockDots, ldc: width)
                                        for offset in 0..<blockRows {
                                            let row = blockStart + offset
                                            let rowDots = blockDots + offset * width
                                            let source = block + offset * columnCount
                                            for slot in 0..<liveCount {
                                                let first = slot * clusterCount
                                                var best = 0
                                                var bestScore = centerNorms.base[first] - 2 * rowDots[first]
                                                for center in 1..<max(clusterCount, 1) {
                                                    let score = centerNorms.base[first + center] - 2 * rowDots[first + center]
                                                    if score < bestScore { bestScore = score; best = center }
                                                }
                                                labels[slot].base[row] = Int32(best)
                                                distances[slot].base[row] = max(rowNorms.base[row] + bestScore, 0)
                                                if accumulating[slot] {
                                                    Self.add(source, to: sums + slot * restartStride + best * columnCount, count: columnCount)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `destination[0..<count] += source[0..<count]`, eight lanes at a time.
    @inline(__always)
    private static func add(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        var feature = 0
        while feature + 8 <= count {
            let sum = loadEight(source + feature) + loadEight(destination + feature)
            UnsafeMutableRawPointer(destination + feature).storeBytes(of: sum, as: SIMD8<Float>.self)
            feature &+= 8
        }
        while feature < count {
            destination[feature] += source[feature]
            feature += 1
        }
    }

    /// Greedy k-means++ for every restart at once (see `KMeansSeeding`, whose draws it repeats).
    /// - Complexity: O(k × R × (2 + ln k) × n × d) arithmetic in k passes over the data.
    func seed(generators: [SplitMix64]) -> [[Float]] {
        let rowCount = data.rowCount, columnCount = data.columnCount, clusterCount = self.clusterCount
        let restartCount = generators.count
        let trialCount = 2 + Int(log(Double(clusterCount)))
        var generators = generators
        var centers = [[Float]](repeating: [Float](repeating: 0, count: centerBufferCount(columnCount: columnCount, clusterCount: clusterCount)),
                                count: restartCount)
        let firsts = (0..<restartCount).map { Int.random(in: 0..<rowCount, using: &generators[$0]) }
        for restart in 0..<restartCount {
            centers[restart].withUnsafeMutableBufferPointer {
                data.addRow(firsts[restart], scale: 1, toCenter: 0, clusterCount: clusterCount, centers: $0.baseAddress!)
            }
        }
        guard clusterCount > 1 else { return centers }

        var closest = [Float](repeating: 0, count: restartCount * rowCount)
        closest.withUnsafeMutableBufferPointer { data.squaredDistances(fromRows: firsts, into: $0.baseAddress!) }
        var potentials = (0..<restartCount).map { restart in
            closest[(restart * rowCount)..<((restart + 1) * rowCount)].reduce(0.0) { $0 + Double($1) }
        }
        var cumulative = [Double](repeating: 0, count: rowCount)
        var candidateDistances = [Float](repeating: 0, count: restartCount * trialCount * rowCount)
        var candidates = [Int](repeating: 0, count: restartCount * trialCount)
        var chosen = [Int](repeating: 0, count: restartCount)

        for center in 1..<clusterCount {
            for restart in 0..<restartCount {
                var running = 0.0
                for row in 0..<rowCount {
                    running += Double(closest[restart * rowCount + row])
                    cumulative[row] = running
                }
                for trial in 0..<trialCount {
                    let target = generators[restart].nextUnitDouble() * potentials[restart]
                    candidates[restart * trialCount + trial] = KMeansSeeding.firstIndex(in: cumulative, exceeding: target)
                }
            }
            candidateDistances.withUnsafeMutableBufferPointer { data.squaredDistances(fromRows: candidates, into: $0.baseAddress!) }
            closest.withUnsafeMutableBufferPointer { closestBuffer in
                candidateDistances.withUnsafeBufferPointer { candidateBuffer in
                    potentials.withUnsafeMutableBufferPointer { potentialBuffer in
                        chosen.withUnsafeMutableBufferPointer { chosenBuffer in
                            let closest = SharedMutablePointer(closestBuffer), distances = SharedPointer(candidateBuffer.baseAddress!)
                            let potentials = SharedMutablePointer(potentialBuffer), chosen = SharedMutablePointer(chosenBuffer)
                            ParallelFor.perform(iterationCount: restartCount) { restart in
                                let nearest = closest.base + restart * rowCount
                                var bestTrial = 0
                                var bestPotential = Double.infinity
                                for trial in 0..<trialCount {
                                    let trialDistances = distances.base + (restart * trialCount + trial) * rowCount
                                    var trialPotential = 0.0
                                    for row in 0..<rowCount { trialPotential += Double(min(nearest[row], trialDistances[row])) }
                                    if trialPotential < bestPotential {
                                        bestPotential = trialPotential
                                        bestTrial = trial
                                    }
                                }
                                let bestDistances = distances.base + (restart * trialCount + bestTrial) * rowCount
                                for row in 0..<rowCount { nearest[row] = min(nearest[row], bestDistances[row]) }
                                potentials.base[restart] = bestPotential
                                chosen.base[restart] = bestTrial
                            }
                        }
                    }
                }
            }
            for restart in 0..<restartCount {
                let row = candidates[restart * trialCount + chosen[restart]]
                centers[restart].withUnsafeMutableBufferPointer {
                    data.addRow(row, scale: 1, toCenter: center, clusterCount: clusterCount, centers: $0.baseAddress!)
                }
            }
        }
        return centers
    }

    /// Σ_i ‖x_i − c_{label_i}‖² in Double over fixed row chunks added in order.
    /// - Complexity: O(n × d).
    private func exactInertia(labels: UnsafeMutablePointer<Int32>, centers: [Float]) -> Double {
        let columnCount = data.columnCount, clusterCount = self.clusterCount
        let labels = SharedPointer(UnsafePointer(labels))
        return data.centered.values.withUnsafeBufferPointer { values in
            centers.withUnsafeBufferPointer { centers in
                let values = SharedPointer(values.baseAddress!), centers = SharedPointer(centers.baseAddress!)
                return ParallelFor.sum(itemCount: data.rowCount, chunkSize: 2048) { rows in
                    var total = 0.0
                    for row in rows {
                        let label = Int(labels.base[row])
                        let source = values.base + row * columnCount
                        var distance = 0.0
                        for feature in 0..<columnCount {
                            let difference = Double(source[feature]) - Double(centers.base[feature * clusterCount + label])
                            distance += difference * difference
                        }
                        total += distance
                    }
                    return total
                }
            }
        }
    }
}

/// A read-only pointer handed to concurrent iterations.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    init(_ base: UnsafePointer<Element>) { self.base = base }
}
