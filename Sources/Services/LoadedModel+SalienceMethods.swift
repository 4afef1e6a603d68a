import Attribution
import TextData

extension LoadedModel {
    /// Sequences per model call for `specification`: the family's gradient batch size for the
    /// gradient methods, four times that for the forward-only ones (occlusion, LIME), which keep no
    /// activations for a backward pass.
    func internalBatchSize(for specification: SalienceSpecification) -> Int {
        ["occlusion", "lime"].contains(specification.method) ? 4 * gradientBatchSize : gradientBatchSize
    }

    /// The mask id a method uses: the family's mask token for occlusion (`[UNK]` for the CNN, which
    /// never saw `[MASK]`), the tokenizer's `[MASK]` for the Integrated Gradients baseline.
    func maskID(for specification: SalienceSpecification, tokenizer: WordPieceTokenizer) -> Int32 {
        specification.method == "occlusion" ? maskTokenID : tokenizer.maskID
    }
}

extension WordPieceWords {
    /// The word boundaries of a WordPiece vocabulary: `##` pieces continue a word; `[CLS]`, `[SEP]`,
    /// `[PAD]` and `[MASK]` are no word (`[UNK]` stands for a word of the text and stays one).
    public init(tokenizer: WordPieceTokenizer) {
        let structural = Set([tokenizer.classifierID, tokenizer.separatorID, tokenizer.padID, tokenizer.maskID])
        self.init(continuation: tokenizer.vocabulary.map { $0.hasPrefix("##") },
                  special: (0..<tokenizer.vocabularySize).map { structural.contains(Int32($0)) })
    }
}
