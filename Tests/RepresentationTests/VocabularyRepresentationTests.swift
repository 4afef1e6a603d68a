import LinearAlgebra
import Representation
import Testing

@Suite("Salience vocabulary and salience embedding representations")
struct VocabularyRepresentationTests {
    // Token 0 plays [CLS] and is excluded. Example 0's per-token maxima of |s|:
    // t3 0.5 (from −0.5 and 0.2), t5 0.4, t6 0.4, t2 0.3, t7 0.1.
    static let tokens: [[Int32]] = [[0, 3, 5, 3, 6, 7, 2], [0], [4, 4], [1, 2]]
    static let scores: [[Float]] = [[9, -0.5, 0.4, 0.2, 0.4, 0.1, -0.3], [1], [0, 0], [.nan, 2]]

    static func build(topK: Int?) -> SparseMatrix {
        VocabularyRepresentation.build(tokenIDs: tokens, scores: scores, vocabularySize: 8, topK: topK, excludedTokenIDs: [0])
    }

    @Test("top-k keeps the k largest maxima plus every tie with the k-th, then normalises")
    func topKWithTies() {
        let matrix = Self.build(topK: 2)
        #expect(matrix.rowCount == 4 && matrix.columnCount == 8)
        let row = matrix.row(0)
        #expect(row.map(\.column) == [3, 5, 6])
        let norm = (Float(0.25) + 0.16 + 0.16).squareRoot()
        for (entry, expected) in zip(row, [0.5 / norm, 0.4 / norm, 0.4 / norm]) { #expect(abs(entry.value - expected) < 1e-6) }
        #expect(Self.build(topK: 1).row(0).map(\.column) == [3])
        #expect(abs(Self.build(topK: 1).row(0)[0].value - 1) < 1e-6)
    }

    @Test("all tokens with topK nil; excluded tokens, zero and non-finite scores never appear")
    func allTokensAndExclusions() {
        let matrix = Self.build(topK: nil)
        #expect(matrix.row(0).map(\.column) == [2, 3, 5, 6, 7])
        #expect(matrix.row(1).isEmpty)   // only the excluded token
        #expect(matrix.row(2).isEmpty)   // only zero scores
        #expect(matrix.row(3).map(\.column) == [2])  // NaN score of token 1 treated as zero
        for row in [0, 3] {
            let squaredNorm = matrix.row(row).reduce(Float(0)) { $0 + $1.value * $1.value }
            #expect(abs(squaredNorm - 1) < 1e-6)
        }
        #expect(!matrix.columnIndices.contains(0))
    }

    @Test("salience embedding equals the densified vocabulary rows times E, normalised")
    func salienceEmbedding() {
        var generator = SplitMix64(seed: 3)
        let table = Matrix(rowCount: 8, columnCount: 3, values: (0..<24).map { _ in generator.nextNormal() })
        let vocabulary = Self.build(topK: 2)
        let embedded = SalienceEmbeddingRepresentation.build(vocabulary: vocabulary, embeddingTable: table)
        let dense = vocabulary.densified()
        #expect(embedded.rowCount == 4 && embedded.columnCount == 3)
        for row in 0..<4 {
            var expected = [Float](repeating: 0, count: 3)
            for token in 0..<8 { for column in 0..<3 { expected[column] += dense[row, token] * table[token, column] } }
            let norm = expected.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for column in 0..<3 {
                let want = norm > 0 ? expected[column] / norm : 0
                #expect(abs(embedded[row, column] - want) < 1e-5, "row \(row), column \(column)")
            }
        }
        #expect(embedded.row(1) == [0, 0, 0])
    }

    @Test("the representation kinds have the CLI names and the matrix wrapper reports its shape")
    func kindsAndMatrix() {
        #expect(RepresentationKind.allCases.map(\.rawValue) == ["vocab", "emb", "pmi", "avg-emb", "cls"])
        #expect(RepresentationKind(rawValue: "avg-emb") == .avgEmb)
        let sparse = RepresentationMatrix.sparse(Self.build(topK: 2))
        #expect(sparse.rowCount == 4 && sparse.columnCount == 8)
        let dense = RepresentationMatrix.dense(Matrix(rowCount: 2, columnCount: 5))
        #expect(dense.rowCount == 2 && dense.columnCount == 5)
        #expect(sparse.rows([3, 0]).rowCount == 2)
        let normalized = RowNormalization.normalized(Matrix(rows: [[3, 4], [0, 0]]))
        #expect(normalized == Matrix(rows: [[0.6, 0.8], [0, 0]]))
    }
}
