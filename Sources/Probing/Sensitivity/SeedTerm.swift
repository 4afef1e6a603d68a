/// A term whose effect on the model is measured: one word, a phrase, or a combination of
/// several words placed independently (a seed-file line `COMMON + CLASS_0`).
public struct SeedTerm: Sendable, Equatable {
    /// The term as written (a combination joined with ` + `).
    public var text: String
    /// The word-piece ids of each part: one part for a word or phrase, several for a
    /// combination; every part is inserted at its own position and masked wherever it occurs.
    public var parts: [[Int32]]

    /// A term of one or more parts, each a non-empty piece sequence.
    public init(text: String, parts: [[Int32]]) {
        precondition(!parts.isEmpty && parts.allSatisfy { !$0.isEmpty }, "Seed term \(text) needs at least one non-empty part")
        self.text = text
        self.parts = parts
    }

    /// A single vocabulary entry.
    public init(text: String, tokenID: Int32) { self.init(text: text, parts: [[tokenID]]) }

    /// Whether some part spans more than one word piece (inserted and masked as a whole).
    public var isMultiPiece: Bool { parts.contains { $0.count > 1 } }
}

/// A named list of seed terms: `salience`, `pmi`, or a user's file.
public struct SeedList: Sendable, Equatable {
    /// `salience`, `pmi`, or the file's name.
    public var name: String
    /// How the list was made, one phrase (e.g. "top column means of R_vocab (k = 5), grad-l2, 4,263 training examples of class 0").
    public var origin: String
    /// The terms, in list order.
    public var terms: [SeedTerm]

    /// A list.
    public init(name: String, origin: String, terms: [SeedTerm]) {
        self.name = name
        self.origin = origin
        self.terms = terms
    }
}
