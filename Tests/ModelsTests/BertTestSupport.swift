import LinearAlgebra
@testable import Models

/// A tiny random BERT (vocabulary 50, 2 layers, H 32, 4 heads, I 64, 16 positions, 3 classes)
/// whose every tensor is random (LayerNorm γ around 1), so no gradient term hides behind a unit
/// scale or a zero bias.
func tinyBert(usesPooler: Bool = true, seed: UInt64 = 21) -> BertClassifier {
    let configuration = BertConfiguration(vocabularySize: 50, hiddenSize: 32, layerCount: 2, headCount: 4, intermediateSize: 64,
                                          maximumPositionCount: 16, layerNormEpsilon: 1e-12, padID: 0, classCount: 3,
                                          usesPooler: usesPooler)
    var generator = SplitMix64(seed: seed)
    var parameters = BertParameters(configuration: configuration, generator: &generator, standardDeviation: 0.2)
    for tensor in parameters.tensors {
        let center: Float = tensor.name.hasSuffix("LayerNorm.weight") ? 1 : 0
        parameters[keyPath: tensor.path] = (0..<tensor.elementCount).map { _ in center + 0.2 * generator.nextNormal() }
    }
    return BertClassifier(configuration: configuration, parameters: parameters)
}

/// Three sequences of different lengths (so two are padded), one token repeated.
let bertSequences: [[Int32]] = [[2, 17, 5, 33, 17], [2, 9], [2, 41, 7, 7, 12, 48, 3]]

/// Relative error of an analytic value against a numeric one, with `floor` guarding near-zero values.
func bertRelativeError(_ analytic: Double, _ numeric: Double, floor: Double = 1e-6) -> Double {
    abs(analytic - numeric) / max(abs(numeric), abs(analytic), floor)
}
