/// The five fixed-length representations of a salience map (docs/METHOD.md §5), by CLI name.
///
/// `vocab` (S1) and `pmi` (B1) have one column per vocabulary entry and are stored sparse;
/// `emb` (S2), `avg-emb` (B2) and `cls` (B3) are dense with the model's hidden width.
public enum RepresentationKind: String, CaseIterable, Sendable, Codable {
    /// S1: top-k salience per vocabulary entry, L2-normalised rows, sparse `[exampleCount, |V|]`.
    case vocab
    /// S2: the vocabulary representation times the input embedding table, normalised, `[exampleCount, d]`.
    case emb
    /// B1: PMI of each present token with the predicted class, sparse `[exampleCount, |V|]`.
    case pmi
    /// B2: mean input embedding over the example's tokens, `[exampleCount, d]`.
    case avgEmb = "avg-emb"
    /// B3: the classifier's final encoding of the example (`[CLS]` vector or pooled CNN features).
    case cls

    /// Whether the representation has one column per vocabulary entry and is stored sparse.
    public var isSparse: Bool { self == .vocab || self == .pmi }
}
