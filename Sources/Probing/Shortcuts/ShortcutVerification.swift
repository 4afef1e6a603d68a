/// The model's measured reaction to one shortcut candidate: the insert and mask changes of p(class).
public struct ShortcutEffect: Sendable, Equatable {
    /// Mean change of p(class) when the term set is inserted into examples not of the class; nil when there were none.
    public var insertChange: Double?
    /// Mean change of p(class) when the term set is masked in the examples of the class containing it; nil when none contains it.
    public var maskChange: Double?
    /// Examples the set was inserted into.
    public var insertedCount: Int
    /// Examples of the class it was masked in.
    public var maskedCount: Int
}

/// Verification of shortcut candidates by the model (docs/METHOD.md, "Shortcut search"): exactly the insert
/// and mask experiments of `salience sensitivity` (`CounterfactualInsertion`, `TermMasking`)
/// on one seed list holding the candidates of one class, so a pair is inserted as a pair (each
/// term at its own position) and masked only where both terms occur.
public enum ShortcutVerification {
    /// The insert and mask changes of p(class) for each of `terms`, in order, and the sequences scored.
    ///
    /// - Parameters:
    ///   - terms: the candidates of one class.
    ///   - insertInto: token ids of the examples not of the class; `exampleCount` of them are drawn (seeded) and shared by every term.
    ///   - maskIn: token ids of the examples of the class.
    ///   - probability: p(class) of each sequence given.
    /// - Complexity: O(|terms| × (exampleCount + |maskIn|)) model evaluations.
    public static func run(terms: [SeedTerm], insertInto: [[Int32]], maskIn: [[Int32]], exampleCount: Int, seed: UInt64,
                           maskID: Int32, isContinuation: (Int32) -> Bool, pieceText: (Int32) -> String,
                           probability: ([[Int32]]) -> [Float]) -> (effects: [ShortcutEffect], evaluatedCount: Int) {
        guard !terms.isEmpty else { return ([], 0) }
        let list = SeedList(name: "shortcuts", origin: "shortcut candidates", terms: terms)
        let inserted = CounterfactualInsertion.run(lists: [list], examples: insertInto, exampleCount: exampleCount, seed: seed,
                                                   isContinuation: isContinuation, pieceText: pieceText, probability: probability)
        let masked = TermMasking.run(lists: [list], examples: maskIn, maskID: maskID, isContinuation: isContinuation,
                                     pieceText: pieceText, probability: probability)
        let insertRows = inserted.lists.first?.terms ?? []
        let maskRows = masked.lists[0].terms
        let effects = terms.indices.map { index in
            ShortcutEffect(insertChange: insertRows.indices.contains(index) ? insertRows[index].change : nil,
                           maskChange: maskRows[index].change,
                           insertedCount: insertRows.indices.contains(index) ? insertRows[index].count : 0,
                           maskedCount: maskRows[index].examples)
        }
        return (effects, inserted.evaluatedCount + masked.evaluatedCount)
    }
}
