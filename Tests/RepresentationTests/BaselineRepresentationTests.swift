import LinearAlgebra
import Representation
import Testing

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

@Suite("PMI and average-embedding baselines")
struct BaselineRepresentationTests {
    // Four documents over tokens 0…5; token 0 plays [CLS]. Predictions: 0, 0, 0, 1.
    // Document frequencies (token 0 excluded): t1 2, t2 2, t3 3, t4 1; N = 4, n(c0) = 3, n(c1) = 1.
    // PMI(t1; c0) = ln(2·4 / (2·3)) = ln 4/3, PMI(t2; c0) = ln 4/3, PMI(t3; c0) = ln(2·4 / (3·3)) = ln 8/9,
    // PMI(t3; c1) = ln(1·4 / (3·1)) = ln 4/3, PMI(t4; c1) = ln(1·4 / (1·1)) = ln 4.
    static let tokens: [[Int32]] = [[0, 1, 2, 2], [0, 1, 3], [0, 2, 3], [0, 3, 4]]
    static let predictions = [0, 0, 0, 1]

    @Test("PMI rows hold PMI(token; predicted class) from document-level counts")
    func pmiRows() {
        let matrix = PMIRepresentation.build(tokenIDs: Self.tokens, predictions: Self.predictions, classCount: 2,
                                             vocabularySize: 6, excludedTokenIDs: [0])
        let fourThirds = Float(log(4.0 / 3.0)), eightNinths = Float(log(8.0 / 9.0)), four = Float(log(4.0))
        let expected: [[(column: Int, value: Float)]] = [
            [(1, fourThirds), (2, fourThirds)],
            [(1, fourThirds), (3, eightNinths)],
            [(2, fourThirds), (3, eightNinths)],
            [(3, fourThirds), (4, four)],
        ]
        for row in 0..<4 {
            let actual = matrix.row(row)
            #expect(actual.map(\.column) == expected[row].map(\.column), "row \(row)")
            for (entry, want) in zip(actual, expected[row]) { #expect(abs(entry.value - want.value) < 1e-6, "row \(row)") }
        }
    }

    @Test("the PMI table gives −∞ below the minimum count and for pairs that never co-occur")
    func pmiTable() {
        let table = PMIRepresentation.scores(tokenIDs: Self.tokens, labels: Self.predictions, classCount: 2,
                                             vocabularySize: 6, minimumCount: 2)
        #expect(table.count == 2 && table.allSatisfy { $0.count == 6 })
        #expect(abs(table[0][0]) < 1e-7 && abs(table[1][0]) < 1e-7)   // token 0 is in every document
        #expect(abs(table[0][1] - Float(log(4.0 / 3.0))) < 1e-6)
        #expect(table[1][1] == -.infinity)                                  // never with class 1
        #expect(abs(table[0][3] - Float(log(8.0 / 9.0))) < 1e-6)
        #expect(abs(table[1][3] - Float(log(4.0 / 3.0))) < 1e-6)
        #expect(table[1][4] == -.infinity && table[0][4] == -.infinity)   // count 1 < 2
        #expect(table[0][5] == -.infinity)                                  // never seen
        #expect(!table.joined().contains { $0.isNaN })
        let permissive = PMIRepresentation.scores(tokenIDs: Self.tokens, labels: Self.predictions, classCount: 2,
                                                  vocabularySize: 6, minimumCount: 1)
        #expect(abs(permissive[1][4] - Float(log(4.0))) < 1e-6)
    }

    @Test("average embedding is the mean of E rows over the non-excluded token occurrences")
    func averageEmbedding() {
        let table = Matrix(rows: [[100, 100], [1, 2], [4, 8], [0, 1]])
        let result = AverageEmbeddingRepresentation.build(tokenIDs: [[0, 1, 1, 2], [0], [3]], embeddingTable: table,
                                                          excludedTokenIDs: [0])
        #expect(result.rowCount == 3 && result.columnCount == 2)
        #expect(abs(result[0, 0] - 2) < 1e-6 && abs(result[0, 1] - 4) < 1e-6)
        #expect(result.row(1) == [0, 0])
        #expect(result.row(2) == [0, 1])
    }
}
