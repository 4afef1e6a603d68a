import Testing
@testable import Probing

@Suite("Shortcut verification by insertion and masking")
struct ShortcutVerificationTests {
    /// A model that says p(class) = 0.9 when tokens 7 and 8 both occur, 0.5 with 7 alone, else 0.1.
    static func probability(_ sequences: [[Int32]]) -> [Float] {
        sequences.map { sequence in
            let seven = sequence.contains(7), eight = sequence.contains(8)
            return seven && eight ? 0.9 : (seven ? 0.5 : 0.1)
        }
    }

    @Test("a pair is inserted as a pair and masked only where both occur; the changes are those of the sensitivity experiments on the same list")
    func pairAndParts() {
        let others: [[Int32]] = (0..<6).map { [1, 10 + $0, 11, 2] }
        let ofClass: [[Int32]] = [[1, 7, 8, 12, 2], [1, 7, 12, 2], [1, 12, 8, 2]]
        let terms = [SeedTerm(text: "a + b", parts: [[7], [8]]), SeedTerm(text: "a", tokenID: 7), SeedTerm(text: "b", tokenID: 8)]
        let result = ShortcutVerification.run(terms: terms, insertInto: others, maskIn: ofClass, exampleCount: 4, seed: 3, maskID: 0,
                                              isContinuation: { _ in false }, pieceText: { "t\($0)" }, probability: Self.probability)
        let insert = result.effects.map { $0.insertChange! }
        #expect(abs(insert[0] - 0.8) < 1e-6 && abs(insert[1] - 0.4) < 1e-6 && abs(insert[2]) < 1e-6, "\(insert)")
        // Masking the pair: only the first example has both, 0.9 → 0.1. Masking 7: examples 1 (0.9 → 0.1) and 2 (0.5 → 0.1).
        #expect(abs(result.effects[0].maskChange! + 0.8) < 1e-6 && result.effects[0].maskedCount == 1)
        #expect(abs(result.effects[1].maskChange! + 0.6) < 1e-6 && result.effects[1].maskedCount == 2)
        #expect(result.effects.allSatisfy { $0.insertedCount == 4 })
        let list = SeedList(name: "x", origin: "y", terms: terms)
        let reference = CounterfactualInsertion.run(lists: [list], examples: others, exampleCount: 4, seed: 3, isContinuation: { _ in false },
                                                    pieceText: { "t\($0)" }, probability: Self.probability)
        #expect(reference.lists[0].terms.map(\.change) == result.effects.map(\.insertChange))
        #expect(result.evaluatedCount == (4 + 3 * 4) + (3 + 1 + 2 + 2))
    }

    @Test("no example of another class: the insert change is nil, the mask change still measured")
    func noOthers() {
        let result = ShortcutVerification.run(terms: [SeedTerm(text: "a", tokenID: 7)], insertInto: [], maskIn: [[1, 7, 2]], exampleCount: 10, seed: 0,
                                              maskID: 0, isContinuation: { _ in false }, pieceText: { "t\($0)" }, probability: Self.probability)
        #expect(result.effects[0].insertChange == nil && abs(result.effects[0].maskChange! + 0.4) < 1e-6)
    }
}
