import CLinearAlgebra
import LinearAlgebra

/// Principal component analysis: the projections of the centred rows onto the leading
/// principal axes (the PCA scores), as t-SNE's initialisation and for plots.
///
/// Sign convention (scikit-learn's `svd_flip(..., u_based_decision=False)`, the default since
/// scikit-learn 1.5): each principal axis is oriented so that its entry of largest magnitude is
/// positive, so the result does not depend on the eigensolver's arbitrary signs. Components
/// beyond the data's rank (more components than `min(rowCount, columnCount)`) are zero columns.
public enum PCA {
    /// The first `componentCount` principal component scores of dense rows.
    ///
    /// Input `[rowCount, columnCount]`, result `[rowCount, componentCount]`. Exact: the
    /// covariance `[columnCount, columnCount]` (or, when there are fewer rows than columns, the
    /// Gram matrix `[rowCount, rowCount]`) is formed through `gemm` and diagonalised with
    /// LAPACK's `dsyevd`; use it for up to a few thousand columns.
    /// - Complexity: O(rowCount × columnCount × min(rowCount, columnCount) + min(rowCount, columnCount)³).
    public static func project(_ data: Matrix, componentCount: Int) -> Matrix {
        precondition(componentCount >= 0, "PCA needs a non-negative component count, got \(componentCount)")
        let rowCount = data.rowCount, columnCount = data.columnCount
        let rank = min(rowCount, columnCount)
        var result = Matrix(rowCount: rowCount, columnCount: componentCount)
        let kept = min(componentCount, rank)
        guard kept > 0 else { return result }

        // Centre the columns (means accumulated in double precision).
        var means = [Double](repeating: 0, count: columnCount)
        var centered = data
        centered.values.withUnsafeMutableBufferPointer { values in
            for row in 0..<rowCount {
                for column in 0..<columnCount { means[column] += Double(values[row * columnCount + column]) }
            }
            for column in 0..<columnCount { means[column] /= Double(rowCount) }
            for row in 0..<rowCount {
                for column in 0..<columnCount { values[row * columnCount + column] -= Float(means[column]) }
            }
        }

        // Axes as columns of `axes` [columnCount, kept].
        var axes = Matrix(rowCount: columnCount, columnCount: kept)
        if columnCount <= rowCount {
            let covariance = centered.multiplied(by: centered, transposeSelf: .transposed)
            let (vectors, _) = leadingEigenvectors(of: covariance.values.map(Double.init), size: columnCount, count: kept)
            for column in 0..<columnCount {
                for component in 0..<kept { axes[column, component] = Float(vectors[column * kept + component]) }
            }
        } else {
            // Fewer rows than columns: eigenvectors u of X Xᵀ give the axes Xᵀ u (normalised).
            let gram = centered.multiplied(by: centered, transposeOther: .transposed)
            let (vectors, _) = leadingEigenvectors(of: gram.values.map(Double.init), size: rowCount, count: kept)
            let left = Matrix(rowCount: rowCount, columnCount: kept, values: vectors.map(Float.init))
            axes = centered.multiplied(by: left, transposeSelf: .transposed)
            for component in 0..<kept {
                var norm: Float = 0
                for column in 0..<columnCount { norm += axes[column, component] * axes[column, component] }
                let scale: Float = norm > 0 ? 1 / norm.squareRoot() : 0
                for column in 0..<columnCount { axes[column, component] *= scale }
            }
        }
        orientAxes(&axes)
        let scores = centered.multiplied(by: axes)
        for row in 0..<rowCount {
            for component in 0..<kept { result[row, component] = scores[row, component] }
        }
        return result
    }

    /// The first `componentCount` principal component scores of sparse rows, never densified.
    ///
    /// Input `[rowCount, columnCount]` CSR, result `[rowCount, componentCount]`. Randomised PCA
    /// (Halko, Martinsson and Tropp 2011, "Finding structure with randomness", Algorithm 4.4):
    /// a Gaussian sketch with 10 extra columns and 7 power iterations (scikit-learn's
    /// `randomized_svd` defaults for few components), re-orthonormalised by QR at every step.
    /// Centring is implicit, `(X − 1μᵀ)·V = X·V − 1(μᵀV)`, so the matrix stays sparse.
    /// The `generator` draws the sketch.
    /// - Complexity: O((nnz + (rowCount + columnCount) × l) × l × 8) with l = componentCount + 10.
    public static func project(_ data: SparseMatrix, componentCount: Int, generator: inout SplitMix64) -> Matrix {
        precondition(componentCount >= 0, "PCA needs a non-negative component count, got \(componentCount)")
        let rowCount = data.rowCount, columnCount = data.columnCount
        let rank = min(rowCount, columnCount)
        var result = Matrix(rowCount: rowCount, columnCount: componentCount)
        let kept = min(componentCount, rank)
        guard kept > 0 else { return result }
        let width = min(kept + 10, rank)
        let operatorView = PCACenteredSparseOperator(data)

        var sketch = [Double](repeating: 0, count: columnCount * width)
        for index in sketch.indices { sketch[index] = Double(generator.nextNormal()) }
        var range = operatorView.times(sketch, width: width)          // [rowCount, width]
        orthonormalizeColumns(&range, rowCount: rowCount, width: width)
        for _ in 0..<7 {
            var back = operatorView.transposeTimes(range, width: width)  // [columnCount, width]
            orthonormalizeColumns(&back, rowCount: columnCount, width: width)
            range = operatorView.times(back, width: width)
            orthonormalizeColumns(&range, rowCount: rowCount, width: width)
        }
        // B = Qᵀ A, held as Bᵀ [columnCount, width]; B Bᵀ = U Σ² Uᵀ.
        let transposedSketch = operatorView.transposeTimes(range, width: width)
        var small = [Double](repeating: 0, count: width * width)
        transposedSketch.withUnsafeBufferPointer { b in
            small.withUnsafeMutableBufferPointer { small in
                for column in 0..<columnCount {
                    let line = b.baseAddress! + column * width
                    for i in 0..<width {
                        for j in i..<width { small[i * width + j] += line[i] * line[j] }
                    }
                }
                for i in 0..<width { for j in 0..<i { small[i * width + j] = small[j * width + i] } }
            }
        }
        let (vectors, values) = leadingEigenvectors(of: small, size: width, count: kept)
        // Axes V = Bᵀ U Σ⁻¹ (for the orientation); scores = Q U Σ.
        var axes = Matrix(rowCount: columnCount, columnCount: kept)
        for column in 0..<columnCount {
            for component in 0..<kept {
                var sum = 0.0
                for i in 0..<width { sum += transposedSketch[column * width + i] * vectors[i * kept + component] }
                let sigma = values[component].squareRoot()
                axes[column, component] = Float(sigma > 0 ? sum / sigma : 0)
            }
        }
        let flips = orientAxes(&axes)
        for row in 0..<rowCount {
            for component in 0..<kept {
                var sum = 0.0
                for i in 0..<width { sum += range[row * width + i] * vectors[i * kept + component] }
                result[row, component] = Float(sum * values[component].squareRoot()) * flips[component]
            }
        }
        return result
    }

    /// The `count` eigenvectors of a symmetric `[size, size]` matrix with the largest
    /// eigenvalues, as columns of a row-major `[size, count]` array, largest first, with
    /// those eigenvalues (clamped at 0).
    static func leadingEigenvectors(of matrix: [Double], size: Int, count: Int) -> (vectors: [Double], values: [Double]) {
        var work = matrix
        var eigenvalues = [Double](repeating: 0, count: size)
        let status = work.withUnsafeMutableBufferPointer { a in
            eigenvalues.withUnsafeMutableBufferPointer { w in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                               Int32(size), a.baseAddress!, Int32(size), w.baseAddress!)
            }
        }
        precondition(status == 0, "LAPACKE_dsyevd failed with status \(status) on a [\(size), \(size)] matrix")
        // Eigenvalues come in ascending order, eigenvectors in the matching columns.
        var vectors = [Double](repeating: 0, count: size * count)
        var values = [Double](repeating: 0, count: count)
        for component in 0..<count {
            let source = size - 1 - component
            values[component] = max(0, eigenvalues[source])
            for row in 0..<size { vectors[row * count + component] = work[row * size + source] }
        }
        return (vectors, values)
    }

    /// Flips each axis (column) so its largest-magnitude entry (the first such) is positive;
    /// returns the signs applied.
    @discardableResult
    static func orientAxes(_ axes: inout Matrix) -> [Float] {
        var signs = [Float](repeating: 1, count: axes.columnCount)
        for component in 0..<axes.columnCount {
            var largest: Float = 0
            var sign: Float = 1
            for row in 0..<axes.rowCount where abs(axes[row, component]) > largest {
                largest = abs(axes[row, component])
                sign = axes[row, component] < 0 ? -1 : 1
            }
            signs[component] = sign
            if sign < 0 { for row in 0..<axes.rowCount { axes[row, component] = -axes[row, component] } }
        }
        return signs
    }

    /// Replaces the columns of a row-major `[rowCount, width]` array by an orthonormal basis of
    /// their span (Householder QR through LAPACK's `dgeqrf` and `dorgqr`).
    static func orthonormalizeColumns(_ matrix: inout [Double], rowCount: Int, width: Int) {
        var reflectors = [Double](repeating: 0, count: width)
        let status = matrix.withUnsafeMutableBufferPointer { a in
            reflectors.withUnsafeMutableBufferPointer { tau in
                let factored = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(rowCount), Int32(width),
                                              a.baseAddress!, Int32(width), tau.baseAddress!)
                guard factored == 0 else { return factored }
                return LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(rowCount), Int32(width), Int32(width),
                                      a.baseAddress!, Int32(width), tau.baseAddress!)
            }
        }
        precondition(status == 0, "LAPACK QR failed with status \(status) on a [\(rowCount), \(width)] matrix")
    }
}
