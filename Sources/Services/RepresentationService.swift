import LinearAlgebra
import Representation
import Attribution
import Workspace

/// Builds the representation matrices of a session's slices: one row per example.
public struct RepresentationService: Sendable {
    /// The session whose model, vocabulary and predictions the rows come from.
    public let session: WorkspaceSession

    /// The representations of `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// Why `kind` cannot be built in this session (it needs the network, and the maps were imported), or nil when it can.
    public func unavailability(of kind: RepresentationKind) -> WorkspaceError? {
        let model = session.model
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
        let model = session.model
        let excluded = options.excludeSpecial ? session.excludedTokenIDs(punctuation: false) : []
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
            return .sparse(PMIRepresentation.build(tokenIDs: positions.map(session.tokenIDs(at:)), predictions: positions.map { session.predictions[$0] },
                                                   classCount: session.classes.count, vocabularySize: vocabularySize, excludedTokenIDs: excluded))
        case .avgEmb:
            var matrix = AverageEmbeddingRepresentation.build(tokenIDs: positions.map(session.tokenIDs(at:)),
                                                              embeddingTable: model.classifier!.embeddingTable, excludedTokenIDs: excluded)
            matrix.normalizeRows()
            return .dense(matrix)
        case .cls:
            var matrix = model.features(of: positions.map(session.tokenIDs(at:)))
            matrix.normalizeRows()
            return .dense(matrix)
        }
    }

    /// The salience vocabulary rows of a slice, used to name the terms of clusters of any representation.
    /// - Complexity: O(total tokens).
    public func salienceVocabulary(maps: [SalienceMap], topK: Int?) -> SparseMatrix {
        VocabularyRepresentation.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores),
                                       vocabularySize: session.model.vocabulary.count, topK: topK,
                                       excludedTokenIDs: session.excludedTokenIDs(punctuation: false))
    }
}
