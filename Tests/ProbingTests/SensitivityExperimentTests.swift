import Testing
import LinearAlgebra
@testable import Probing

/// Token ids of the toy vocabulary: 0 [PAD], 1 [CLS], 2 [SEP], 3 [UNK], 4 [MASK], 5 "common",
/// 6 "class", 7 "awful", 8 "un", 9 "##watchable", 10…19 ordinary words.
private let continuationIDs: Set<Int32> = [9]
private func isContinuation(_ id: Int32) -> Bool { continuationIDs.contains(id) }
private func pieceText(_ id: Int32) -> String { id == 9 ? "##watchable" : "t\(id)" }

/// A hand-built model: p(target) = 0.2, + 0.3 when "awful" occurs, + 0.5 when both "common"
/// and "class" occur, + 0.1 when the whole word "un ##watchable" occurs.
private func handBuiltProbability(_ sequences: [[Int32]]) -> [Float] {
    sequences.map { sequence in
        var p: Float = 0.2
        if sequence.contains(7) { p += 0.3 }
        if sequence.contains(5) && sequence.contains(6) { p += 0.5 }
        if zip(sequence, sequence.dropFirst()).contains(where: { $0 == 8 && $1 == 9 }) { p += 0.1 }
        return min(p, 1)
    }
}

/// Sequences `[CLS] … [SEP]` of ordinary words (ids 10…19), none of the trigger tokens.
private func plainExamples(count: Int, seed: UInt64) -> [[Int32]] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        let length = 2 + Int(generator.nextUnitDouble() * 8)
        return [1] + (0..<length).map { _ in Int32(10 + Int(generator.nextUnitDouble() * 10)) } + [2]
    }
}

@Suite("Counterfactual insertion")
struct CounterfactualInsertionTests {
    @Test("the reported change is exactly the hand-built model's response to each term")
    func exactChange() {
        let lists = [SeedList(name: "given", origin: "test", terms: [
            SeedTerm(text: "awful", tokenID: 7),
            SeedTerm(text: "common", tokenID: 5),
            SeedTerm(text: "class", tokenID: 6),
            SeedTerm(text: "common + class", parts: [[5], [6]]),
            SeedTerm(text: "unwatchable", parts: [[8, 9]]),
            SeedTerm(text: "t10", tokenID: 10),
        ])]
        let examples = plainExamples(count: 300, seed: 4)
        let result = CounterfactualInsertion.run(lists: lists, examples: examples, exampleCount: 100, seed: 7,
                                                 isContinuation: isContinuation, pieceText: pieceText,
                                                 probability: handBuiltProbability)
        let changes = result.lists[0].terms.map { $0.change! }
        let expected = [0.3, 0, 0, 0.5, 0.1, 0]
        for (change, value) in zip(changes, expected) { #expect(abs(change - value) < 1e-6) }
        #expect(result.used.count == 100)
        #expect(result.evaluatedCount == 100 * 7)
        #expect(result.lists[0].terms.map(\.count) == Array(repeating: 100, count: 6))
        #expect(result.lists[0].terms[4].multiPiece && !result.lists[0].terms[0].multiPiece)
        #expect(result.lists[0].terms[4].pieces == [["t8", "##watchable"]])
        let mean = expected.reduce(0, +) / 6
        #expect(abs(result.lists[0].mean! - mean) < 1e-6)
        let std = (expected.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot()
        #expect(abs(result.lists[0].std! - std) < 1e-6)
    }

    @Test("insertion lands between [CLS] and [SEP] and never inside a word")
    func insertionPositions() {
        let sequence: [Int32] = [1, 8, 9, 10, 11, 2]
        var seen: Set<Int> = []
        for step in 0..<100 {
            let result = CounterfactualInsertion.inserting([7], into: sequence, draw: Double(step) / 100, isContinuation: isContinuation)
            let position = result.firstIndex(of: 7)!
            seen.insert(position)
            #expect(result.first == 1 && result.last == 2 && result.count == 7)
            #expect(position != 2, "inserted between un and ##watchable")
        }
        #expect(seen == [1, 3, 4, 5])
    }

    @Test("the same seed gives the same examples and positions; another seed does not")
    func seeded() {
        let first = CounterfactualInsertion.chooseExamples(availableCount: 500, exampleCount: 50, seed: 3)
        #expect(first == CounterfactualInsertion.chooseExamples(availableCount: 500, exampleCount: 50, seed: 3))
        #expect(first != CounterfactualInsertion.chooseExamples(availableCount: 500, exampleCount: 50, seed: 4))
        #expect(Set(first).count == 50 && first == first.sorted())
        #expect(CounterfactualInsertion.chooseExamples(availableCount: 20, exampleCount: 50, seed: 3) == Array(0..<20))
    }
}

@Suite("Term masking")
struct TermMaskingTests {
    @Test("masking a term lowers p(target) by exactly the model's response, averaged over the examples containing it")
    func exactDecrease() {
        let examples: [[Int32]] = [
            [1, 7, 10, 2],            // awful
            [1, 10, 7, 11, 7, 2],     // awful twice
            [1, 5, 12, 6, 2],         // common and class
            [1, 8, 9, 13, 2],         // un ##watchable
            [1, 8, 14, 2],            // "un" alone: not the whole word
            [1, 10, 11, 2],
        ]
        let lists = [SeedList(name: "given", origin: "test", terms: [
            SeedTerm(text: "awful", tokenID: 7),
            SeedTerm(text: "common", tokenID: 5),
            SeedTerm(text: "common + class", parts: [[5], [6]]),
            SeedTerm(text: "unwatchable", parts: [[8, 9]]),
            SeedTerm(text: "un", tokenID: 8),
            SeedTerm(text: "absent", tokenID: 19),
        ])]
        let result = TermMasking.run(lists: lists, examples: examples, maskID: 4, isContinuation: isContinuation,
                                     pieceText: pieceText, probability: handBuiltProbability)
        let terms = result.lists[0].terms
        #expect(abs(terms[0].change! + 0.3) < 1e-6 && terms[0].count == 3 && terms[0].examples == 2)
        #expect(abs(terms[1].change! + 0.5) < 1e-6 && terms[1].count == 1)
        #expect(abs(terms[2].change! + 0.5) < 1e-6 && terms[2].count == 2)
        #expect(abs(terms[3].change! + 0.1) < 1e-6 && terms[3].count == 1 && terms[3].multiPiece)
        // "un" occurs as a whole word only in example 5 (in example 4 it starts "unwatchable").
        #expect(terms[4].count == 1 && terms[4].examples == 1 && abs(terms[4].change!) < 1e-6)
        #expect(terms[5].change == nil && terms[5].count == 0)
        #expect(result.lists[0].count == 3 + 1 + 2 + 1 + 1)
        let changes = [-0.3, -0.5, -0.5, -0.1, 0.0]
        #expect(abs(result.lists[0].mean! - changes.reduce(0, +) / 5) < 1e-6)
        #expect(result.evaluatedCount == examples.count + 2 + 1 + 1 + 1 + 1)
    }

    @Test("occurrences are whole words and masking keeps the length")
    func wholeWords() {
        let sequence: [Int32] = [1, 8, 9, 8, 9, 9, 8, 2]
        #expect(TermMasking.occurrences(of: [8, 9], in: sequence, isContinuation: isContinuation) == [1])
        #expect(TermMasking.occurrences(of: [8], in: sequence, isContinuation: isContinuation) == [6])
        let masked = TermMasking.masking(SeedTerm(text: "unwatchable", parts: [[8, 9]]), in: sequence, maskID: 4, isContinuation: isContinuation)!
        #expect(masked.sequence == [1, 4, 4, 8, 9, 9, 8, 2] && masked.count == 1)
    }
}

@Suite("Seed lists")
struct SeedListTests {
    @Test("top terms by score among frequent, allowed tokens; ties go to the more frequent")
    func topTerms() {
        let scores: [Float] = [9, 5, 5, 7, -.infinity, 8, 1]
        let counts = [100, 30, 40, 25, 50, 10, 60]
        let chosen = SeedListSelection.top(scores: scores, documentCounts: counts, minimumCount: 20, termCount: 3, excluded: { $0 == 0 })
        #expect(chosen == [3, 2, 1])
    }

    @Test("column means and document counts")
    func statistics() {
        let means = SeedListSelection.columnMeans(rowCount: 2, columnCount: 3, columnIndices: [0, 2, 2], values: [1, 0.5, 1.5])
        #expect(means == [0.5, 0, 1])
        #expect(SeedListSelection.documentCounts(tokenIDs: [[1, 1, 2], [2]], vocabularySize: 3) == [0, 1, 2])
    }
}
