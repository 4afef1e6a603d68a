import LinearAlgebra

/// B2, the average embedding baseline (docs/METHOD.md §5.4, paper Sec. 2.2): the mean of the input
/// embedding rows of the example's tokens. Not normalised (the paper normalises only S1, S2).
public enum AverageEmbeddingRepresentation {
    /// r = (1/N) Σ_i E[t_i] over the example's N non-excluded token occurrences.
    ///
    /// - Parameters:
    ///   - tokenIDs: `[exampleCount][sequenceLength_x]` token ids.
    ///   - embeddingTable: E, `[|V|, d]`.
    ///   - excludedTokenIDs: tokens left out of the mean (e.g. special tokens).
    /// - Returns: `[exampleCount, d]`; an example with no remaining tokens gets a zero row.
    /// - Complexity: O(Σ_x L_x × d).
    public static func build(tokenIDs: [[Int32]], embeddingTable: Matrix, excludedTokenIDs: Set<Int32>) -> Matrix {
        let vocabularySize = embeddingTable.rowCount, width = embeddingTable.columnCount
        let mask = TokenMask(vocabularySize: vocabularySize, excluded: excludedTokenIDs)
        var result = Matrix(rowCount: tokenIDs.count, columnCount: width)
        embeddingTable.values.withUnsafeBufferPointer { table in
            result.values.withUnsafeMutableBufferPointer { output in
                for example in tokenIDs.indices {
                    let target = output.baseAddress! + example * width
                    var tokenCount = 0
                    for token in tokenIDs[example] {
                        checkToken(token, vocabularySize: vocabularySize, example: example)
                        if mask.isExcluded[Int(token)] { continue }
                        let source = table.baseAddress! + Int(token) * width
                        for column in 0..<width { target[column] += source[column] }
                        tokenCount += 1
                    }
                    guard tokenCount > 1 else { continue }
                    let scale = 1 / Float(tokenCount)
                    for column in 0..<width { target[column] *= scale }
                }
            }
        }
        return result
    }
}
