import CLinearAlgebra
import Foundation
import LinearAlgebra
import Models

/// LIME for text (Ribeiro et al. 2016; docs/METHOD.md, "LIME"), as the reference package's
/// `LimeTextExplainer` does it with one feature per word position: `samples` perturbations of each
/// example, the first the example itself, each other one removing `k` words chosen uniformly
/// (`k` uniform in 1…words), weighted by the exponential kernel `√exp(−d²/25²)` of the cosine
/// distance `d` (× 100) between the kept-word indicator and all ones; a weighted ridge regression
/// (α = 1, unpenalised intercept) of p(target) on the indicators, solved with LAPACKE, gives each
/// word's weight, spread equally over its pieces. Special tokens score 0.
///
/// Seeded per example (the seed mixed with the example's token ids), so maps do not depend on the
/// batching. Samples are streamed: `internalBatchSize` perturbations per model call at most
/// (fewer for long texts, `ModelCallBudget`), and only the regression's sufficient statistics
/// (O(words²)) are kept.
public struct LIME: SalienceMethod {
    /// `lime`.
    public let name = "lime"
    /// Perturbations per example, the example itself included.
    public let samples: Int
    /// The perturbation seed.
    public let seed: UInt64
    /// Word boundaries among the word pieces.
    public let words: WordPieceWords
    /// Perturbations per model call.
    public let internalBatchSize: Int
    /// `none` or `sum`.
    public let normalization: String
    /// The kernel width (the reference package's text default).
    public static let kernelWidth = 25.0
    /// The ridge penalty (scikit-learn's `Ridge` default, which the reference package uses).
    public static let ridgePenalty = 1.0
    /// 1,000 perturbations per example.
    public static let defaultSampleCount = 1000

    /// `lime`, checking the sample count.
    public static let entry = SalienceMethodEntry(name: "lime", summary: "a weighted ridge fit to p(target) on random word removals") { settings throws(AttributionError) in
        guard settings.samples >= 2 else {
            throw AttributionError("LIME needs at least 2 samples (the example and one perturbation), got \(settings.samples); use 1000 (the default) or more.")
        }
        return LIME(samples: settings.samples, seed: settings.seed, words: settings.words, internalBatchSize: settings.internalBatchSize,
                    normalization: settings.normalization)
    }

    /// The method with `samples` ≥ 2 perturbations per example.
    public init(samples: Int = defaultSampleCount, seed: UInt64 = 0, words: WordPieceWords = .everyTokenAWord, internalBatchSize: Int = 512,
                normalization: String = "none") {
        precondition(samples >= 2, "LIME needs at least 2 samples, got \(samples)")
        precondition(internalBatchSize > 0, "internalBatchSize must be positive, got \(internalBatchSize)")
        SalienceNormalization.requireKnown(normalization)
        (self.samples, self.seed, self.words, self.internalBatchSize, self.normalization) = (samples, seed, words, internalBatchSize, normalization)
    }

    /// One forward pass over the batch for the targets, then `samples − 1` perturbations per example.
    /// - Complexity: batchSize × samples sequence forward passes, plus O(samples × words²) per example for the regression.
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        guard batch.batchSize > 0 else { return [] }
        let logits = model.logits(batch)
        let chosen = targets.targets(logits: logits, labels: labels)
        var probabilities = logits
        softmaxRows(&probabilities)
        return (0..<batch.batchSize).map { index in
            let sequence = batch.sequence(index)
            let wordWeights = explain(model: model, sequence: sequence, target: chosen[index], probability: probabilities[index, chosen[index]])
            var scores = [Float](repeating: 0, count: sequence.count)
            for (range, weight) in zip(words.words(of: sequence), wordWeights) {
                for position in range { scores[position] = Float(weight) / Float(range.count) }
            }
            SalienceNormalization.apply(normalization, to: &scores)
            return SalienceMap(logits: (0..<logits.columnCount).map { logits[index, $0] }, tokenIDs: sequence, scores: scores, target: chosen[index])
        }
    }

    /// The ridge weight of every word of `sequence` for p(`target`), whose value on the example is `probability`.
    /// - Complexity: `samples − 1` forward passes plus O(samples × words²).
    func explain(model: any TextClassifier, sequence: [Int32], target: Int, probability: Float) -> [Double] {
        let wordRanges = words.words(of: sequence)
        let wordCount = wordRanges.count
        guard wordCount > 0 else { return [] }
        var generator = SplitMix64(seed: Self.exampleSeed(seed, sequence))
        // Weighted sufficient statistics: Σw, Σw·x, Σw·y, Σw·x·xᵀ, Σw·x·y.
        var weightSum = 0.0, responseSum = 0.0
        var featureSums = [Double](repeating: 0, count: wordCount), crossSums = [Double](repeating: 0, count: wordCount)
        var gram = [Double](repeating: 0, count: wordCount * wordCount)
        func accumulate(_ kept: [Bool], keptCount: Int, response: Double) {
            let similarity = (Double(keptCount) / Double(wordCount)).squareRoot()
            let distance = (1 - similarity) * 100
            let weight = exp(-distance * distance / (Self.kernelWidth * Self.kernelWidth)).squareRoot()
            weightSum += weight
            responseSum += weight * response
            for row in 0..<wordCount where kept[row] {
                featureSums[row] += weight
                crossSums[row] += weight * response
                for column in 0..<wordCount where kept[column] { gram[row * wordCount + column] += weight }
            }
        }
        accumulate([Bool](repeating: true, count: wordCount), keptCount: wordCount, response: Double(probability))
        var order = Array(0..<wordCount)
        var remaining = samples - 1
        let callSize = ModelCallBudget.sequencesPerCall(internalBatchSize: internalBatchSize, blockCount: sequence.count * model.embeddingDimension)
        while remaining > 0 {
            let chunkCount = min(callSize, remaining)
            var masks: [[Bool]] = []
            var variants: [[Int32]] = []
            masks.reserveCapacity(chunkCount)
            variants.reserveCapacity(chunkCount)
            for _ in 0..<chunkCount {
                let removedCount = 1 + Int(generator.next() % UInt64(wordCount))
                for position in 0..<removedCount {
                    let swap = position + Int(generator.next() % UInt64(wordCount - position))
                    order.swapAt(position, swap)
                }
                var kept = [Bool](repeating: true, count: wordCount)
                for position in 0..<removedCount { kept[order[position]] = false }
                var removedPieces = [Bool](repeating: false, count: sequence.count)
                for (word, range) in wordRanges.enumerated() where !kept[word] { for position in range { removedPieces[position] = true } }
                variants.append(sequence.indices.filter { !removedPieces[$0] }.map { sequence[$0] })
                masks.append(kept)
            }
            let responses = model.probabilities(model.batch(variants))
            for (row, kept) in masks.enumerated() {
                accumulate(kept, keptCount: kept.lazy.filter { $0 }.count, response: Double(responses[row, target]))
            }
            remaining -= chunkCount
        }
        return Self.ridge(gram: gram, featureSums: featureSums, crossSums: crossSums, weightSum: weightSum, responseSum: responseSum,
                          featureCount: wordCount)
    }

    /// The weighted ridge solution with an unpenalised intercept from the sufficient statistics:
    /// `(Σwxxᵀ − Σwx·Σwxᵀ/Σw + αI) β = Σwxy − Σwx·Σwy/Σw`, by Cholesky (`LAPACKE_dposv`).
    /// - Complexity: O(featureCount³).
    static func ridge(gram: [Double], featureSums: [Double], crossSums: [Double], weightSum: Double, responseSum: Double,
                      featureCount: Int) -> [Double] {
        var system = gram
        var rightHandSide = crossSums
        for row in 0..<featureCount {
            for column in 0..<featureCount {
                system[row * featureCount + column] -= featureSums[row] * featureSums[column] / weightSum
            }
            system[row * featureCount + row] += ridgePenalty
            rightHandSide[row] -= featureSums[row] * responseSum / weightSum
        }
        let status = system.withUnsafeMutableBufferPointer { matrix in
            rightHandSide.withUnsafeMutableBufferPointer { vector in
                LAPACKE_dposv(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "U")), Int32(featureCount), 1, matrix.baseAddress!, Int32(featureCount),
                              vector.baseAddress!, 1)
            }
        }
        precondition(status == 0, "LAPACKE_dposv failed with status \(status) on a [\(featureCount), \(featureCount)] ridge system")
        return rightHandSide
    }

    /// The seed of one example: `seed` mixed with its token ids (FNV-1a), so a map does not depend on its batch.
    static func exampleSeed(_ seed: UInt64, _ sequence: [Int32]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for id in sequence {
            hash ^= UInt64(UInt32(bitPattern: id))
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The recipe: `lime`, the target, samples, seed, normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        var recipe = SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
        recipe.samples = samples
        recipe.seed = seed
        return recipe
    }
}
