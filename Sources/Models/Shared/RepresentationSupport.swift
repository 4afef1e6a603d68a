/// The inputs of model-based representations a family's classifiers supply (the token-only
/// representations, the salience vocabulary and PMI, need none).
public struct RepresentationSupport: OptionSet, Sendable {
    /// The raw value.
    public let rawValue: Int
    /// Wraps a raw value.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A meaningful input embedding table: the salience-weighted and average embedding representations.
    public static let embeddingTable = RepresentationSupport(rawValue: 1)
    /// The classifier's own final representation (`features`): the `cls` representation.
    public static let features = RepresentationSupport(rawValue: 2)
    /// Both.
    public static let all: RepresentationSupport = [.embeddingTable, .features]
}
