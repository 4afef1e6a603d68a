import Probing
import TextData

/// What `salience faithfulness` asks for (docs/CLI.md §4.18).
public struct FaithfulnessRequest: Sendable {
    /// Method names: anything the salience method factory builds, the imported run's name, or `random`.
    public var methods: [String] = ["grad-l2", "grad-input", "ig", "random"]
    /// The split evaluated; nil for every split.
    public var split: Split? = .test
    /// The slice filter and its text as written (`--where`).
    public var filter: SliceFilter?
    /// See `filter`.
    public var filterText: String?
    /// Examples drawn (seeded) from the slice; all when fewer.
    public var exampleCount: Int = 500
    /// Metric settings (bins, perturbation, replacement, seed).
    public var options = FaithfulnessOptions()
    /// Metadata column with each example's rationale words, space-separated.
    public var rationaleColumn: String?
    /// The classifier the imported maps explain (a BERT checkpoint, or a model folder `export --model` wrote).
    public var checkpointDirectory: String?

    /// A request with the defaults above.
    public init() {}
}
