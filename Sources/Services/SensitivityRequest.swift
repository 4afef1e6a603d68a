import TextData

/// What a sensitivity experiment asks for (the insert / mask mode is given to `SensitivityService.sensitivity(_:modes:)`).
public struct SensitivityRequest: Sendable {
    /// The target class name.
    public var className: String
    /// The seed lists in order: `salience`, `pmi`, or a file path.
    public var seeds: [String] = ["salience", "pmi"]
    /// Insert: examples per term (all when larger than what is available).
    public var exampleCount: Int = 1000
    /// The salience method behind the `salience` list.
    public var salience: SalienceSpecification
    /// Whether special tokens and punctuation are kept out of the `salience` and `pmi` lists.
    public var excludeSpecial: Bool = true
    /// The split whose examples are changed.
    public var split: Split = .test
    /// Terms per generated list.
    public var termCount: Int = 10
    /// Fewest training examples a generated list's term must occur in.
    public var minimumCount: Int = 20
    /// Seed of the example choice and insert positions.
    public var seed: UInt64 = 0

    /// A request with the defaults above (docs/METHOD.md §7).
    public init(className: String, salience: SalienceSpecification) {
        self.className = className
        self.salience = salience
    }
}
