import LinearAlgebra
import Representation
import Attribution

/// How to turn the salience maps of a slice into fixed-length rows.
public struct RepresentationOptions: Sendable, Equatable {
    /// Which representation (METHOD.md §3).
    public var kind: RepresentationKind
    /// Non-zeros kept per row of the salience vocabulary (nil: all).
    public var topK: Int? = 5
    /// Whether `[CLS]`, `[SEP]`, `[PAD]`, `[UNK]` and `[MASK]` are left out of the rows.
    public var excludeSpecial: Bool = true

    /// Options for `kind` with the defaults above.
    public init(kind: RepresentationKind) { self.kind = kind }

    /// Whether this representation depends on the salience method.
    public var usesSalience: Bool { kind == .vocab || kind == .emb }
}

extension WorkspaceSession {
    /// The representation matrix of the examples at `positions` with their maps (rows in the same order).
    ///
    /// `vocab` and `pmi` are sparse with one column per vocabulary entry; the others are dense.
    /// - Complexity: O(total tokens) for the sparse kinds, plus O(n × |V| × d) sparse-dense work for `emb`.
    public func representation(_ options: RepresentationOptions, positions: [Int], maps: [SalienceMap]) -> RepresentationMatrix {
        precondition(maps.count == positions.count, "\(maps.count) maps for \(positions.count) positions")
        let excluded = options.excludeSpecial ? excludedTokenIDs(punctuation: false) : []
        let vocabularySize = model.tokenizer.vocabularySize
        switch options.kind {
        case .vocab:
            return .sparse(VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores),
                                                          vocabularySize: vocabularySize, topK: options.topK, excludedTokenIDs: excluded))
        case .emb:
            let vocabulary = VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores),
                                                            vocabularySize: vocabularySize, topK: options.topK, excludedTokenIDs: excluded)
            return .dense(SalienceEmbeddingRepresentation.build(vocabulary: vocabulary, embeddingTable: model.classifier.embeddingTable))
        case .pmi:
            return .sparse(PMIRepresentation.build(tokenIDs: positions.map(tokenIDs(at:)), predictions: positions.map { predictions[$0] },
                                                   classCount: classes.count, vocabularySize: vocabularySize, excludedTokenIDs: excluded))
        case .avgEmb:
            var matrix = AverageEmbeddingRepresentation.build(tokenIDs: positions.map(tokenIDs(at:)),
                                                              embeddingTable: model.classifier.embeddingTable, excludedTokenIDs: excluded)
            matrix.normalizeRows()
            return .dense(matrix)
        case .cls:
            var matrix = model.features(of: positions.map(tokenIDs(at:)))
            matrix.normalizeRows()
            return .dense(matrix)
        }
    }

    /// The salience vocabulary rows of a slice, used to name the terms of clusters of any representation.
    public func salienceVocabulary(maps: [SalienceMap], topK: Int?) -> SparseMatrix {
        VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores),
                                       vocabularySize: model.tokenizer.vocabularySize, topK: topK,
                                       excludedTokenIDs: excludedTokenIDs(punctuation: false))
    }
}
