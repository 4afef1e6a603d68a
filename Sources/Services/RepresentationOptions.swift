import Representation

/// How to turn the salience maps of a slice into fixed-length rows.
public struct RepresentationOptions: Sendable, Equatable {
    /// Which representation (docs/METHOD.md §5).
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
