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
/// stored row lengths. A large product is cut into blocks of rows (or of columns, when the
/// result is wider than tall) that run on the cores, or one after another inside a parallel
/// region (`BLASThreads`); the cut depends on the shape alone, so the bits do too.
/// - Complexity: O(m × n × k), divided across the cores when large.
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
    BLASThreads.prepare()
    let split = BLASThreads.split(m: m, n: n, k: k)
    guard split.blockCount > 1 else {
        cblas_sgemm(CblasRowMajor, transposeA.cblas, transposeB.cblas,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        return
    }
    let concurrent = ParallelFor.processorCount > 1 && !ParallelFor.isInsideRegion
    gemmBlocks(transposeA, transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
               split: split, concurrent: concurrent)
}

/// `gemm` cut as `split` says, the blocks run by `ParallelFor` when `concurrent`, else in order.
/// - Complexity: O(m × n × k).
func gemmBlocks(
    _ transposeA: Transpose, _ transposeB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int, split: BLASThreads.Split, concurrent: Bool
) {
    let a = SharedPointer(a), b = SharedPointer(b), c = SharedMutablePointer(c)
    let runBlock = { (block: Int) in
        if split.alongRows {
            let rows = split.range(of: block, length: m)
            guard !rows.isEmpty else { return }
            let aBlock = transposeA == .none ? a.base + rows.lowerBound * lda : a.base + rows.lowerBound
            cblas_sgemm(CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(rows.count), Int32(n), Int32(k),
                        alpha, aBlock, Int32(lda), b.base, Int32(ldb), beta, c.base + rows.lowerBound * ldc, Int32(ldc))
        } else {
            let columns = split.range(of: block, length: n)
            guard !columns.isEmpty else { return }
            let bBlock = transposeB == .none ? b.base + columns.lowerBound : b.base + columns.lowerBound * ldb
            cblas_sgemm(CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(m), Int32(columns.count), Int32(k),
                        alpha, a.base, Int32(lda), bBlock, Int32(ldb), beta, c.base + columns.lowerBound, Int32(ldc))
        }
    }
    if concurrent {
        ParallelFor.perform(iterationCount: split.blockCount, runBlock)
    } else {
        for block in 0..<split.blockCount { runBlock(block) }
    }
}

/// A raw read-only pointer handed to concurrent iterations.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    init(_ base: UnsafePointer<Element>) { self.base = base }
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
