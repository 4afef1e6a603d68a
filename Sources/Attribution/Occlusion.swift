import LinearAlgebra
import Models

/// How occlusion hides a word: its pieces replaced by the model's mask token, or removed.
public enum OcclusionKind: String, CaseIterable, Sendable, Codable {
    /// Every piece of the word becomes the mask token (`[MASK]`); the length stays.
    case mask
    /// The word's pieces are deleted; the text closes up.
    case remove
}

/// Leave-one-word-out occlusion (docs/METHOD.md, "Occlusion"): the score of a word is
/// `p(target | x) − p(target | x without the word)`, the drop of the target's probability when
/// all its word pieces are masked or removed, spread equally over its pieces. Special tokens score
/// 0. Forward passes only: one per word plus one per example, `internalBatchSize` sequences per
/// model call at most (fewer for long sequences, `ModelCallBudget`).
public struct Occlusion: SalienceMethod {
    /// `occlusion`.
    public let name = "occlusion"
    /// Mask or remove.
    public let kind: OcclusionKind
    /// The mask token id (used by `mask`).
    public let maskID: Int32
    /// Word boundaries among the word pieces.
    public let words: WordPieceWords
    /// Sequences per model call.
    public let internalBatchSize: Int
    /// `none` or `sum`.
    public let normalization: String

    /// `occlusion`, checking the kind and, for `mask`, that the model has a mask token.
    public static let entry = SalienceMethodEntry(name: "occlusion", summary: "the drop of p(target) when one word is masked or removed") { settings throws(AttributionError) in
        guard let kind = OcclusionKind(rawValue: settings.occlusion) else {
            throw AttributionError("The occlusion '\(settings.occlusion)' is unknown; use mask or remove.")
        }
        guard kind == .remove || settings.maskID >= 0 else {
            throw AttributionError("Occlusion by masking needs the model's [MASK] token, which its vocabulary lacks; use remove.")
        }
        return Occlusion(kind: kind, maskID: settings.maskID, words: settings.words, internalBatchSize: settings.internalBatchSize,
                         normalization: settings.normalization)
    }

    /// The method; `maskID` is read only by `mask`.
    public init(kind: OcclusionKind, maskID: Int32, words: WordPieceWords = .everyTokenAWord, internalBatchSize: Int = 512,
                normalization: String = "none") {
        precondition(internalBatchSize > 0, "internalBatchSize must be positive, got \(internalBatchSize)")
        SalienceNormalization.requireKnown(normalization)
        (self.kind, self.maskID, self.words, self.internalBatchSize, self.normalization) = (kind, maskID, words, internalBatchSize, normalization)
    }

    /// `sequence` with the positions of `word` masked or removed.
    func occluded(_ sequence: [Int32], word: Range<Int>) -> [Int32] {
        var result = sequence
        switch kind {
        case .mask: for position in word { result[position] = maskID }
        case .remove: result.removeSubrange(word)
        }
        return result
    }

    /// One forward pass over the batch, then one over every (example, word) variant.
    /// - Complexity: (batchSize + total words) sequence forward passes, `internalBatchSize` per call.
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        guard batch.batchSize > 0 else { return [] }
        let sequences = (0..<batch.batchSize).map(batch.sequence)
        let logits = model.logits(batch)
        let chosen = targets.targets(logits: logits, labels: labels)
        var probabilities = logits
        softmaxRows(&probabilities)
        let wordLists = sequences.map(words.words(of:))
        var variants: [(sequence: Int, word: Int)] = []
        for (sequence, list) in wordLists.enumerated() { for word in list.indices { variants.append((sequence, word)) } }
        var drops = wordLists.map { [Float](repeating: 0, count: $0.count) }
        let callSize = ModelCallBudget.sequencesPerCall(internalBatchSize: internalBatchSize,
                                                        blockCount: batch.sequenceLength * model.embeddingDimension)
        var start = 0
        while start < variants.count {
            let chunk = variants[start..<min(start + callSize, variants.count)]
            let occludedProbabilities = model.probabilities(model.batch(chunk.map { occluded(sequences[$0.sequence], word: wordLists[$0.sequence][$0.word]) }))
            for (row, variant) in chunk.enumerated() {
                let target = chosen[variant.sequence]
                drops[variant.sequence][variant.word] = probabilities[variant.sequence, target] - occludedProbabilities[row, target]
            }
            start += callSize
        }
        return sequences.indices.map { index in
            var scores = [Float](repeating: 0, count: sequences[index].count)
            for (word, range) in wordLists[index].enumerated() {
                for position in range { scores[position] = drops[index][word] / Float(range.count) }
            }
            SalienceNormalization.apply(normalization, to: &scores)
            return SalienceMap(logits: (0..<logits.columnCount).map { logits[index, $0] }, tokenIDs: sequences[index], scores: scores,
                               target: chosen[index])
        }
    }

    /// The recipe: `occlusion`, the target, mask or remove, the normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        var recipe = SalienceRecipe(method: name, target: target, normalization: normalization, modelFingerprint: modelFingerprint)
        recipe.occlusion = kind.rawValue
        return recipe
    }
}
