/// What storing imported salience maps did.
public struct ImportOutcome: Sendable {
    /// The pseudo model (kind `external`) now current in the workspace.
    public var record: ModelRecord
    /// Imported examples (one per non-blank line).
    public var exampleCount: Int
    /// Distinct tokens: the size of the imported vocabulary.
    public var vocabularySize: Int
    /// Class names in index order.
    public var classes: [String]
    /// Lines without a label (their label is the prediction).
    public var unlabeledCount: Int
    /// Whether the same file was already imported under the same name (then nothing new is stored).
    public var reused: Bool
}
