import CLinearAlgebra

/// Whether an operand of a product is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// C ← alpha · op(A) · op(B) + beta · C on raw row-major buffers, through `cblas_sgemm`.
///
/// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; `lda`, `ldb`, `ldc` are the
/// stored row lengths.
/// - Complexity: O(m × n × k).
public func gemm(
    _ transposeA: Transpose, _ transposeB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    guard m > 0, n > 0 else { return }
    cblas_sgemm(CblasRowMajor, transposeA.cblas, transposeB.cblas,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

extension Matrix {
    /// The product `op(self) · op(other)` through `cblas_sgemm`.
    ///
    /// Shapes: `op(self)` is `[m, k]`, `op(other)` is `[k, n]`, the result `[m, n]`.
    /// - Complexity: O(m × n × k).
    public func multiplied(by other: Matrix, transposeSelf: Transpose = .none, transposeOther: Transpose = .none) -> Matrix {
        let m = transposeSelf == .none ? rowCount : columnCount
        let k = transposeSelf == .none ? columnCount : rowCount
        let otherK = transposeOther == .none ? other.rowCount : other.columnCount
        let n = transposeOther == .none ? other.columnCount : other.rowCount
        precondition(k == otherK, "Cannot multiply [\(m), \(k)] by [\(otherK), \(n)]")
        var result = Matrix(rowCount: m, columnCount: n)
        guard k > 0 else { return result }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    gemm(transposeSelf, transposeOther, m: m, n: n, k: k,
                         a: a.baseAddress!, lda: columnCount,
                         b: b.baseAddress!, ldb: other.columnCount,
                         c: c.baseAddress!, ldc: n)
                }
            }
        }
        return result
    }

    /// Squared Euclidean norm of every row, length `rowCount`.
    /// - Complexity: O(rowCount × columnCount).
    public func rowSquaredNorms() -> [Float] {
        [Float](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
            values.withUnsafeBufferPointer { source in
                for row in 0..<rowCount {
                    buffer[row] = cblas_sdot(Int32(columnCount), source.baseAddress! + row * columnCount, 1,
                                             source.baseAddress! + row * columnCount, 1)
                }
            }
            initialized = rowCount
        }
    }
}
