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
    /// Why `kind` cannot be built in this session (it needs the network, and the maps were imported), or nil when it can.
    public func unavailability(of kind: RepresentationKind) -> WorkspaceError? {
        guard model.isExternal else {
            return model.supplies(kind) ? nil : WorkspaceError("The \(model.record.recipe.kind) model does not supply what the representation \(kind.rawValue) needs.")
        }
        switch kind {
        case .vocab, .pmi: return nil
        case .emb, .avgEmb:
            return model.externalRefusal("The representation \(kind.rawValue) needs the model's embedding table", remedy: "use vocab or pmi")
        case .cls:
            return model.externalRefusal("The representation cls needs the model's own features", remedy: "use vocab or pmi")
        }
    }

    /// The representation matrix of the examples at `positions` with their maps (rows in the same order).
    ///
    /// `vocab` and `pmi` are sparse with one column per vocabulary entry; the others are dense and
    /// need the network, so they throw (`unavailability(of:)`) on imported salience.
    /// - Complexity: O(total tokens) for the sparse kinds, plus O(n × |V| × d) sparse-dense work for `emb`.
    public func representation(_ options: RepresentationOptions, positions: [Int], maps: [SalienceMap]) throws(WorkspaceError) -> RepresentationMatrix {
        precondition(maps.count == positions.count, "\(maps.count) maps for \(positions.count) positions")
        if let reason = unavailability(of: options.kind) { throw reason }
        let excluded = options.excludeSpecial ? excludedTokenIDs(punctuation: false) : []
        let vocabularySize = model.vocabulary.count
        switch options.kind {
        case .vocab:
            return .sparse(VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores),
                                                          vocabularySize: vocabularySize, topK: options.topK, excludedTokenIDs: excluded))
        case .emb:
            let vocabulary = VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores),
                                                            vocabularySize: vocabularySize, topK: options.topK, excludedTokenIDs: excluded)
            return .dense(SalienceEmbeddingRepresentation.build(vocabulary: vocabulary, embeddingTable: model.classifier!.embeddingTable))
        case .pmi:
            return .sparse(PMIRepresentation.build(tokenIDs: positions.map(tokenIDs(at:)), predictions: positions.map { predictions[$0] },
                                                   classCount: classes.count, vocabularySize: vocabularySize, excludedTokenIDs: excluded))
        case .avgEmb:
            var matrix = AverageEmbeddingRepresentation.build(tokenIDs: positions.map(tokenIDs(at:)),
                                                              embeddingTable: model.classifier!.embeddingTable, excludedTokenIDs: excluded)
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
                                       vocabularySize: model.vocabulary.count, topK: topK,
                                       excludedTokenIDs: excludedTokenIDs(punctuation: false))
    }
}
