import LinearAlgebra
import Models

/// A small random Kim CNN for the Grad×Input and Integrated Gradients tests: vocabulary 24,
/// d = 6, widths [2, 3], 5 filters, 3 classes (larger embeddings than Kim's N(0, 1/d), so the
/// logits move visibly between the baseline and the input).
func integrationTestModel(seed: UInt64 = 3) -> KimCNN {
    var generator = SplitMix64(seed: seed)
    let configuration = KimCNNConfiguration(vocabularySize: 24, embeddingDimension: 6, classCount: 3, filterWidths: [2, 3], filterCount: 5)
    let table = Matrix(rowCount: 24, columnCount: 6, values: (0..<144).map { _ in generator.nextNormal() })
    return KimCNN(configuration: configuration, embeddingTable: table, generator: &generator)
}

/// Sequences with no repeated window (so max pooling has no ties), lengths 1 to 8; token 0 is
/// the pad id and token 23 stands in for [MASK].
let integrationSequences: [[Int32]] = [[5, 9, 2, 17, 11], [3], [12, 7, 8], [18, 4, 21, 6, 13, 2, 15, 10], [16, 20], [1, 14, 19, 22]]
let integrationLabels = [0, 2, 1, 1, 0, 2]
