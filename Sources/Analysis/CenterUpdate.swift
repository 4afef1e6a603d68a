/// The per-iteration work on the centre buffer (feature-major `[d, k]` plus a zero tail):
/// turning sums into means, measuring the shift, and the squared norms the next assignment
/// needs — fused into one vectorised pass, since for sparse data with |V| columns this
/// k × |V| sweep costs as much as the assignment itself.
enum CenterUpdate {
    /// ‖c_j‖² of every centre, accumulated in Double.
    /// - Complexity: O(d × k).
    static func squaredNorms(of centers: [Float], columnCount: Int, clusterCount: Int) -> [Float] {
        centers.withUnsafeBufferPointer { centers in
            squaredNormsInDouble(of: centers.baseAddress!, columnCount: columnCount, clusterCount: clusterCount).map { Float($0) }
        }
    }

    /// ‖c_j‖² of every centre of a feature-major `[d, k]` buffer, in Double.
    /// - Complexity: O(d × k).
    static func squaredNormsInDouble(of centers: UnsafePointer<Float>, columnCount: Int, clusterCount: Int) -> [Double] {
        var accumulated = [Double](repeating: 0, count: clusterCount)
        accumulated.withUnsafeMutableBufferPointer { accumulated in
            for feature in 0..<columnCount {
                let base = centers + feature &* clusterCount
                for center in 0..<clusterCount { accumulated[center] += Double(base[center]) * Double(base[center]) }
            }
        }
        return accumulated
    }

    /// Divides each centre's sum by its count in place (an empty centre takes the largest
    /// cluster's mean), writes the new centres' squared norms to `norms`, and returns
    /// Σ_j ‖new_j − previous_j‖².
    /// - Complexity: O(d × k), one pass.
    static func average(sums: inout [Float], counts: [Int], previous: [Float], columnCount: Int, norms: inout [Float]) -> Double {
        let clusterCount = counts.count
        let scales = counts.map { $0 > 0 ? 1 / Float($0) : 0 }
        if counts.contains(0) {
            return averageWithEmptyClusters(sums: &sums, counts: counts, scales: scales, previous: previous,
                                            columnCount: columnCount, norms: &norms)
        }
        // Eight consecutive features occupy 8k floats = k vectors of 8 lanes; lane l of vector
        // m always belongs to centre (8m + l) mod k, so per-vector scale patterns and norm
        // accumulators cover every centre without a modulo in the loop.
        var scalePatterns = [SIMD8<Float>](repeating: .zero, count: clusterCount)
        for vector in 0..<clusterCount {
            for lane in 0..<8 { scalePatterns[vector][lane] = scales[(8 * vector + lane) % clusterCount] }
        }
        var normAccumulators = [SIMD8<Float>](repeating: .zero, count: clusterCount)
        var normTotals = [Double](repeating: 0, count: clusterCount)
        var shiftAccumulator = SIMD8<Float>.zero
        var shiftTotal = 0.0
        let groupCount = columnCount / 8, groupLength = 8 * clusterCount

        sums.withUnsafeMutableBufferPointer { sumsBuffer in
            previous.withUnsafeBufferPointer { previousBuffer in
                scalePatterns.withUnsafeBufferPointer { patterns in
                    normAccumulators.withUnsafeMutableBufferPointer { accumulators in
                        let values = sumsBuffer.baseAddress!, old = previousBuffer.baseAddress!
                        func flush() {
                            for vector in 0..<clusterCount {
                                for lane in 0..<8 {
                                    normTotals[(8 * vector + lane) % clusterCount] += Double(accumulators[vector][lane])
                                }
                                accumulators[vector] = .zero
                            }
                            shiftTotal += Double(shiftAccumulator.sum())
                            shiftAccumulator = .zero
                        }
                        // Wrapping index arithmetic (offsets stay below sums.count).
                        for group in 0..<groupCount {
                            let groupStart = group &* groupLength
                            for vector in 0..<clusterCount {
                                let offset = groupStart &+ 8 &* vector
                                let mean = loadEight(values + offset) * patterns[vector]
                                UnsafeMutableRawPointer(values + offset).storeBytes(of: mean, as: SIMD8<Float>.self)
                                let difference = mean - loadEight(old + offset)
                                shiftAccumulator += difference * difference
                                accumulators[vector] += mean * mean
                            }
                            // Bounded Float partial sums keep the totals accurate.
                            if group & 63 == 63 { flush() }
                        }
                        flush()
                        for feature in (groupCount * 8)..<columnCount {
                            for center in 0..<clusterCount {
                                let index = feature * clusterCount + center
                                let mean = values[index] * scales[center]
                                values[index] = mean
                                let difference = Double(mean - old[index])
                                shiftTotal += difference * difference
                                normTotals[center] += Double(mean) * Double(mean)
                            }
                        }
                    }
                }
            }
        }
        for center in 0..<clusterCount { norms[center] = Float(normTotals[center]) }
        return shiftTotal
    }

    /// The plain path for the rare iteration that ends with an empty cluster.
    private static func averageWithEmptyClusters(
        sums: inout [Float], counts: [Int], scales: [Float], previous: [Float], columnCount: Int, norms: inout [Float]
    ) -> Double {
        let clusterCount = counts.count
        var largest = 0
        for center in counts.indices where counts[center] > counts[largest] { largest = center }
        var shift = 0.0
        for feature in 0..<columnCount {
            let base = feature * clusterCount
            for center in 0..<clusterCount { sums[base + center] *= scales[center] }
            for center in 0..<clusterCount where counts[center] == 0 { sums[base + center] = sums[base + largest] }
            for center in 0..<clusterCount {
                let difference = Double(sums[base + center] - previous[base + center])
                shift += difference * difference
            }
        }
        norms = squaredNorms(of: sums, columnCount: columnCount, clusterCount: clusterCount)
        return shift
    }
}
