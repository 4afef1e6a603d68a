import LinearAlgebra

/// The insert experiment (paper Sec. 6, Table 4): every term of every list is placed at a
/// seeded random word boundary of the same m examples, and the change of p(target) is averaged.
///
/// The examples and the random draws are shared by every term, so terms and lists are compared
/// on identical inputs (a paired design). Parts of a combination each get their own draw.
public enum CounterfactualInsertion {
    /// Indices of `exampleCount` of `availableCount` examples, drawn without replacement and
    /// returned in increasing order; all of them when `exampleCount ≥ availableCount`.
    /// - Complexity: O(availableCount).
    public static func chooseExamples(availableCount: Int, exampleCount: Int, seed: UInt64) -> [Int] {
        guard exampleCount < availableCount else { return Array(0..<availableCount) }
        var generator = SplitMix64(seed: seed)
        var indices = Array(0..<availableCount)
        for slot in 0..<exampleCount {
            let other = slot + min(Int(generator.nextUnitDouble() * Double(availableCount - slot)), availableCount - slot - 1)
            indices.swapAt(slot, other)
        }
        return indices[0..<exampleCount].sorted()
    }

    /// `sequence` (`[CLS] … [SEP]`) with `pieces` inserted before the word boundary chosen by
    /// `draw` in [0, 1): a position after `[CLS]`, up to just before `[SEP]`, never inside a word.
    /// - Complexity: O(sequence length).
    public static func inserting(_ pieces: [Int32], into sequence: [Int32], draw: Double, isContinuation: (Int32) -> Bool) -> [Int32] {
        var boundaries: [Int] = []
        boundaries.reserveCapacity(sequence.count)
        for index in 1..<max(sequence.count, 1) where index == sequence.count - 1 || !isContinuation(sequence[index]) {
            boundaries.append(index)
        }
        let position = boundaries.isEmpty ? sequence.count : boundaries[min(Int(draw * Double(boundaries.count)), boundaries.count - 1)]
        var result = sequence
        result.insert(contentsOf: pieces, at: position)
        return result
    }

    /// Runs the experiment on `examples` (token ids of the candidate examples) and returns one
    /// row per list, the indices of the examples used and the number of sequences scored.
    ///
    /// `probability` returns p(target) for each sequence it is given and is called once for the
    /// originals and once per term, each time with the whole batch of counterfactuals.
    /// - Complexity: O(Σ terms × m) model evaluations.
    public static func run(lists: [SeedList], examples: [[Int32]], exampleCount: Int, seed: UInt64,
                           isContinuation: (Int32) -> Bool, pieceText: (Int32) -> String,
                           probability: ([[Int32]]) -> [Float]) -> (lists: [ListSensitivity], used: [Int], evaluatedCount: Int) {
        let used = chooseExamples(availableCount: examples.count, exampleCount: exampleCount, seed: seed)
        let originals = used.map { examples[$0] }
        guard !originals.isEmpty else { return (lists.map { ListSensitivity(name: $0.name, origin: $0.origin, terms: []) }, [], 0) }
        let partCount = lists.flatMap(\.terms).map(\.parts.count).max() ?? 1
        // draws[example][part]: the same for every term, so terms are compared on the same positions.
        var drawGenerator = SplitMix64(seed: seed ^ 0x5EED_1D5E_2711_0001)
        let draws = used.map { _ in (0..<partCount).map { _ in drawGenerator.nextUnitDouble() } }
        let before = probability(originals)
        var evaluatedCount = originals.count
        let results = lists.map { list in
            let terms = list.terms.map { term in
                let counterfactuals = originals.indices.map { example in
                    var sequence = originals[example]
                    for (part, pieces) in term.parts.enumerated() {
                        sequence = inserting(pieces, into: sequence, draw: draws[example][part], isContinuation: isContinuation)
                    }
                    return sequence
                }
                let after = probability(counterfactuals)
                evaluatedCount += counterfactuals.count
                var sum = 0.0
                for index in after.indices { sum += Double(after[index]) - Double(before[index]) }
                return TermSensitivity(term: term.text, change: sum / Double(after.count), count: counterfactuals.count,
                                       examples: counterfactuals.count, pieces: term.parts.map { $0.map(pieceText) },
                                       multiPiece: term.isMultiPiece)
            }
            return ListSensitivity(name: list.name, origin: list.origin, terms: terms)
        }
        return (results, used, evaluatedCount)
    }
}
