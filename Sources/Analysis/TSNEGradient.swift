import Foundation
import LinearAlgebra

/// The pieces of t-SNE's gradient and objective (van der Maaten and Hinton 2008, eq. 5, with
/// the Student-t kernel w_ij = 1 / (1 + ‖y_i − y_j‖²), q_ij = w_ij / Z, Z = Σ_{k≠l} w_kl):
///
///     ∂KL/∂y_i = 4 [ Σ_j p_ij w_ij (y_i − y_j) − (1/Z) Σ_j w_ij² (y_i − y_j) ]
///
/// The first sum is the attraction (sparse, over P's entries), the second the repulsion
/// (all pairs; exact here, interpolated in `TSNEInterpolatedRepulsion`). The factor 4 is kept,
/// as scikit-learn does; openTSNE drops it (hence its learning rates are 4× larger).
enum TSNEGradient {
    /// Points per concurrent chunk in the pairwise loops.
    static let chunkSize = 64

    /// Σ_j p_ij w_ij (y_i − y_j) for every point i, written to `attractionX/Y` [N].
    /// - Complexity: O(nnz(P)).
    static func attraction(_ probabilities: TSNEJointProbabilities, x: [Double], y: [Double],
                           attractionX: inout [Double], attractionY: inout [Double]) {
        let pointCount = probabilities.pointCount
        SharedMutablePointer.pair(&attractionX, &attractionY) { forceX, forceY in
            ParallelFor.forEachRange(itemCount: pointCount, chunkSize: 256) { range in
                probabilities.rowOffsets.withUnsafeBufferPointer { offsets in
                    probabilities.columns.withUnsafeBufferPointer { columns in
                        probabilities.values.withUnsafeBufferPointer { values in
                            x.withUnsafeBufferPointer { x in
                                y.withUnsafeBufferPointer { y in
                                    for i in range {
                                        let xi = x[i], yi = y[i]
                                        var sumX = 0.0, sumY = 0.0
                                        for entry in offsets[i]..<offsets[i + 1] {
                                            let j = Int(columns[entry])
                                            let dx = xi - x[j], dy = yi - y[j]
                                            let weight = values[entry] / (1 + dx * dx + dy * dy)
                                            sumX += weight * dx
                                            sumY += weight * dy
                                        }
                                        forceX[i] = sumX
                                        forceY[i] = sumY
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The attraction of `attraction` in single precision, four entries of P per SIMD step
    /// (coordinates gathered), for the optimiser; `values` are P's values as floats and x, y
    /// the positions as floats. Tested against the double-precision `attraction`.
    /// - Complexity: O(nnz(P)), concurrent over chunks of points.
    static func fastAttraction(_ probabilities: TSNEJointProbabilities, values: [Float], x: [Float], y: [Float],
                               attractionX: inout [Double], attractionY: inout [Double]) {
        let pointCount = probabilities.pointCount
        SharedMutablePointer.pair(&attractionX, &attractionY) { forceX, forceY in
            ParallelFor.forEachRange(itemCount: pointCount, chunkSize: 256) { range in
                probabilities.rowOffsets.withUnsafeBufferPointer { offsets in
                probabilities.columns.withUnsafeBufferPointer { columns in
                values.withUnsafeBufferPointer { values in
                x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    let rawValues = UnsafeRawPointer(values.baseAddress!)
                    for i in range {
                        let xi = x[i], yi = y[i]
                        var sumX = SIMD4<Float>(), sumY = SIMD4<Float>()
                        var entry = offsets[i]
                        let end = offsets[i + 1]
                        while entry + 4 <= end {
                            let j0 = Int(columns[entry]), j1 = Int(columns[entry + 1])
                            let j2 = Int(columns[entry + 2]), j3 = Int(columns[entry + 3])
                            let dx = SIMD4<Float>(repeating: xi) - SIMD4(x[j0], x[j1], x[j2], x[j3])
                            let dy = SIMD4<Float>(repeating: yi) - SIMD4(y[j0], y[j1], y[j2], y[j3])
                            let p = rawValues.loadUnaligned(fromByteOffset: entry * MemoryLayout<Float>.stride, as: SIMD4<Float>.self)
                            let weight = p / (1 + dx * dx + dy * dy)
                            sumX += weight * dx
                            sumY += weight * dy
                            entry += 4
                        }
                        var totalX = Double(sumX.sum()), totalY = Double(sumY.sum())
                        while entry < end {
                            let j = Int(columns[entry])
                            let dx = xi - x[j], dy = yi - y[j]
                            let weight = values[entry] / (1 + dx * dx + dy * dy)
                            totalX += Double(weight * dx)
                            totalY += Double(weight * dy)
                            entry += 1
                        }
                        forceX[i] = totalX
                        forceY[i] = totalY
                    }
                }
                }
                }
                }
                }
            }
        }
    }

    /// Σ_j w_ij² (y_i − y_j) for every point i, written to `repulsionX/Y` [N]; returns Z.
    /// - Complexity: O(N²), concurrent over chunks of points.
    static func exactRepulsion(x: [Double], y: [Double], repulsionX: inout [Double], repulsionY: inout [Double]) -> Double {
        let pointCount = x.count
        return SharedMutablePointer.pair(&repulsionX, &repulsionY) { forceX, forceY in
            ParallelFor.sum(itemCount: pointCount, chunkSize: chunkSize) { range in
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        var chunkSum = 0.0
                        for i in range {
                            let xi = x[i], yi = y[i]
                            var sumX = 0.0, sumY = 0.0, sumW = 0.0
                            for j in 0..<pointCount {
                                let dx = xi - x[j], dy = yi - y[j]
                                let weight = 1 / (1 + dx * dx + dy * dy)
                                let squared = weight * weight
                                sumW += weight
                                sumX += squared * dx
                                sumY += squared * dy
                            }
                            forceX[i] = sumX
                            forceY[i] = sumY
                            chunkSum += sumW - 1   // drop the j = i term, w_ii = 1
                        }
                        return chunkSum
                    }
                }
            }
        }
    }

    /// Attraction and repulsion sums in one pass over all pairs, for the exact path: P dense
    /// `[N, N]` (row-major, float), positions as float, eight pairs per SIMD step; writes the
    /// attraction Σ_j p_ij w_ij (y_i − y_j) and repulsion Σ_j w_ij² (y_i − y_j) per point and
    /// returns Z. Single precision with per-row sums of at most N terms; the double-precision
    /// `attraction` + `exactRepulsion` pair is the reference it is tested against.
    /// - Complexity: O(N²), concurrent over chunks of points.
    static func fusedExactTerms(denseProbabilities: [Float], x: [Float], y: [Float],
                                attractionX: inout [Double], attractionY: inout [Double],
                                repulsionX: inout [Double], repulsionY: inout [Double]) -> Double {
        let pointCount = x.count
        precondition(denseProbabilities.count == pointCount * pointCount,
                     "Dense P has \(denseProbabilities.count) values, [\(pointCount), \(pointCount)] needs \(pointCount * pointCount)")
        let vectorEnd = pointCount - pointCount % 8
        return SharedMutablePointer.pair(&attractionX, &attractionY) { attractX, attractY in
        SharedMutablePointer.pair(&repulsionX, &repulsionY) { repelX, repelY in
            ParallelFor.sum(itemCount: pointCount, chunkSize: chunkSize) { range in
                denseProbabilities.withUnsafeBufferPointer { probabilities in
                x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    let xs = UnsafeRawPointer(x.baseAddress!), ys = UnsafeRawPointer(y.baseAddress!)
                    var chunkSum = 0.0
                    for i in range {
                        let row = UnsafeRawPointer(probabilities.baseAddress! + i * pointCount)
                        let xi = SIMD8<Float>(repeating: x[i]), yi = SIMD8<Float>(repeating: y[i])
                        var ax = SIMD8<Float>(), ay = SIMD8<Float>(), rx = SIMD8<Float>(), ry = SIMD8<Float>(), z = SIMD8<Float>()
                        var j = 0
                        while j < vectorEnd {
                            let offset = j * MemoryLayout<Float>.stride
                            let dx = xi - xs.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                            let dy = yi - ys.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                            let w = 1 / (1 + dx * dx + dy * dy)
                            let pw = row.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * w
                            let squared = w * w
                            ax += pw * dx
                            ay += pw * dy
                            rx += squared * dx
                            ry += squared * dy
                            z += w
                            j += 8
                        }
                        var sumAX = Double(ax.sum()), sumAY = Double(ay.sum())
                        var sumRX = Double(rx.sum()), sumRY = Double(ry.sum()), sumZ = Double(z.sum())
                        while j < pointCount {
                            let dx = x[i] - x[j], dy = y[i] - y[j]
                            let w = 1 / (1 + dx * dx + dy * dy)
                            let pw = probabilities[i * pointCount + j] * w
                            sumAX += Double(pw * dx)
                            sumAY += Double(pw * dy)
                            sumRX += Double(w * w * dx)
                            sumRY += Double(w * w * dy)
                            sumZ += Double(w)
                            j += 1
                        }
                        attractX[i] = sumAX
                        attractY[i] = sumAY
                        repelX[i] = sumRX
                        repelY[i] = sumRY
                        chunkSum += sumZ - 1   // drop the j = i term, w_ii = 1
                    }
                    return chunkSum
                }
                }
                }
            }
        }
        }
    }

    /// P as a dense row-major `[N, N]` float matrix (for the exact path).
    static func denseProbabilities(_ probabilities: TSNEJointProbabilities) -> [Float] {
        let pointCount = probabilities.pointCount
        var dense = [Float](repeating: 0, count: pointCount * pointCount)
        for i in 0..<pointCount {
            for entry in probabilities.rowOffsets[i]..<probabilities.rowOffsets[i + 1] {
                dense[i * pointCount + Int(probabilities.columns[entry])] = Float(probabilities.values[entry])
            }
        }
        return dense
    }

    /// Z = Σ_{i≠j} 1 / (1 + ‖y_i − y_j‖²), exactly.
    /// - Complexity: O(N²), concurrent.
    static func exactNormalization(x: [Double], y: [Double]) -> Double {
        let pointCount = x.count
        return ParallelFor.sum(itemCount: pointCount, chunkSize: chunkSize) { range in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    var chunkSum = 0.0
                    for i in range {
                        let xi = x[i], yi = y[i]
                        var sum = 0.0
                        for j in (i + 1)..<pointCount {
                            let dx = xi - x[j], dy = yi - y[j]
                            sum += 1 / (1 + dx * dx + dy * dy)
                        }
                        chunkSum += 2 * sum
                    }
                    return chunkSum
                }
            }
        }
    }

    /// KL(P ‖ Q) = Σ p_ij log(p_ij / q_ij) over P's entries, with q_ij = w_ij / Z.
    /// - Complexity: O(nnz(P)).
    static func klDivergence(_ probabilities: TSNEJointProbabilities, x: [Double], y: [Double], normalization: Double) -> Double {
        var sum = 0.0
        let logNormalization = log(normalization)
        for i in 0..<probabilities.pointCount {
            for entry in probabilities.rowOffsets[i]..<probabilities.rowOffsets[i + 1] {
                let p = probabilities.values[entry]
                guard p > 0 else { continue }
                let j = Int(probabilities.columns[entry])
                let dx = x[i] - x[j], dy = y[i] - y[j]
                // log(p / q) = log p + log(1 + d²) + log Z
                sum += p * (log(p) + log(1 + dx * dx + dy * dy) + logNormalization)
            }
        }
        return sum
    }

    /// The full gradient 4 [exaggeration · attraction − repulsion / Z] of KL(P ‖ Q), exactly,
    /// as `[N]` x and y parts; for tests and small N.
    static func exactGradient(_ probabilities: TSNEJointProbabilities, x: [Double], y: [Double],
                              exaggeration: Double = 1) -> (x: [Double], y: [Double]) {
        let pointCount = x.count
        var attractionX = [Double](repeating: 0, count: pointCount), attractionY = attractionX
        var repulsionX = attractionX, repulsionY = attractionX
        attraction(probabilities, x: x, y: y, attractionX: &attractionX, attractionY: &attractionY)
        let normalization = exactRepulsion(x: x, y: y, repulsionX: &repulsionX, repulsionY: &repulsionY)
        return ((0..<pointCount).map { 4 * (exaggeration * attractionX[$0] - repulsionX[$0] / normalization) },
                (0..<pointCount).map { 4 * (exaggeration * attractionY[$0] - repulsionY[$0] / normalization) })
    }
}
