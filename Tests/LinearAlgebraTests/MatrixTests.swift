import Testing
@testable import LinearAlgebra

@Suite("Matrix and BLAS")
struct MatrixTests {
    @Test("GEMM agrees with a naive product under every transpose")
    func gemmMatchesNaive() {
        var generator = SplitMix64(seed: 7)
        let a = Matrix(rowCount: 5, columnCount: 3, values: (0..<15).map { _ in generator.nextNormal() })
        let b = Matrix(rowCount: 3, columnCount: 4, values: (0..<12).map { _ in generator.nextNormal() })
        let product = a.multiplied(by: b)
        let viaTransposes = a.transposed().multiplied(by: b.transposed(), transposeSelf: .transposed, transposeOther: .transposed)
        for i in 0..<5 {
            for j in 0..<4 {
                var expected: Float = 0
                for k in 0..<3 { expected += a[i, k] * b[k, j] }
                #expect(abs(product[i, j] - expected) < 1e-5)
                #expect(abs(viaTransposes[i, j] - expected) < 1e-5)
            }
        }
    }

    @Test("Sparse times dense equals the densified product")
    func sparseProduct() {
        let sparse = SparseMatrix(columnCount: 4, rows: [[(1, 2), (3, -1)], [], [(0, 0.5)]])
        let dense = Matrix(rows: [[1, 2], [3, 4], [5, 6], [7, 8]])
        #expect(sparse.multiplied(by: dense) == sparse.densified().multiplied(by: dense))
        #expect(sparse.rowOffsets == [0, 2, 2, 3])
    }

    @Test("Top indices are the largest values, largest first, ties by index")
    func topIndicesOrder() {
        #expect(topIndices(of: [0.1, 0.9, 0.5, 0.9, -1], count: 3) == [1, 3, 2])
        #expect(topIndices(of: [1, 2], count: 5) == [1, 0])
    }

    @Test("The generator is reproducible from its seed")
    func seededGenerator() {
        var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42)
        #expect((0..<10).map { _ in first.next() } == (0..<10).map { _ in second.next() })
    }
}
