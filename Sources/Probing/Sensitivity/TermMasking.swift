/// The mask experiment (paper Sec. 6, Table 5): every occurrence of a term in examples of the
/// target class becomes the model's mask token, and the change of p(target) is averaged over
/// the examples that contained it.
///
/// A multi-piece word is matched as a whole word (its first piece starts a word and the piece
/// after it does not continue one) and each of its pieces is masked, so the length is kept.
public enum TermMasking {
    /// Start indices of the whole-word occurrences of `pieces` in `sequence`.
    /// - Complexity: O(sequence length × pieces.count).
    public static func occurrences(of pieces: [Int32], in sequence: [Int32], isContinuation: (Int32) -> Bool) -> [Int] {
        guard !pieces.isEmpty, sequence.count >= pieces.count else { return [] }
        var starts: [Int] = []
        var index = 0
        while index + pieces.count <= sequence.count {
            var matches = !isContinuation(sequence[index])
            var offset = 0
            while matches && offset < pieces.count {
                matches = sequence[index + offset] == pieces[offset]
                offset += 1
            }
            let end = index + pieces.count
            if matches && (end == sequence.count || !isContinuation(sequence[end])) {
                starts.append(index)
                index = end
            } else {
                index += 1
            }
        }
        return starts
    }

    /// `sequence` with every whole-word occurrence of every part of `term` masked, and the
    /// number of occurrences masked; nil when some part does not occur (a combination is masked
    /// only where all its parts are present).
    /// - Complexity: O(sequence length × term length).
    public static func masking(_ term: SeedTerm, in sequence: [Int32], maskID: Int32,
                               isContinuation: (Int32) -> Bool) -> (sequence: [Int32], count: Int)? {
        var result = sequence
        var count = 0
        for pieces in term.parts {
            let starts = occurrences(of: pieces, in: sequence, isContinuation: isContinuation)
            guard !starts.isEmpty else { return nil }
            for start in starts {
                for offset in pieces.indices { result[start + offset] = maskID }
            }
            count += starts.count
        }
        return (result, count)
    }

    /// Runs the experiment on `examples` (token ids of the examples of the target class) and
    /// returns one row per list and the number of sequences scored.
    ///
    /// `probability` returns p(target) for each sequence it is given; it is called once for the
    /// originals and once per term with every masked example of that term.
    /// - Complexity: O(Σ terms × examples) token scans plus the model evaluations.
    public static func run(lists: [SeedList], examples: [[Int32]], maskID: Int32, isContinuation: (Int32) -> Bool,
                           pieceText: (Int32) -> String, probability: ([[Int32]]) -> [Float])
        -> (lists: [ListSensitivity], evaluatedCount: Int) {
        let before = examples.isEmpty ? [] : probability(examples)
        var evaluatedCount = examples.count
        let results = lists.map { list in
            let terms = list.terms.map { term in
                var touched: [Int] = []
                var masked: [[Int32]] = []
                var count = 0
                for (index, sequence) in examples.enumerated() {
                    guard let result = masking(term, in: sequence, maskID: maskID, isContinuation: isContinuation) else { continue }
                    touched.append(index)
                    masked.append(result.sequence)
                    count += result.count
                }
                var change: Double?
                if !masked.isEmpty {
                    let after = probability(masked)
                    evaluatedCount += masked.count
                    var sum = 0.0
                    for (slot, index) in touched.enumerated() { sum += Double(after[slot]) - Double(before[index]) }
                    change = sum / Double(masked.count)
                }
                return TermSensitivity(term: term.text, change: change, count: count, examples: touched.count,
                                       pieces: term.parts.map { $0.map(pieceText) }, multiPiece: term.isMultiPiece)
            }
            return ListSensitivity(name: list.name, origin: list.origin, terms: terms)
        }
        return (results, evaluatedCount)
    }
}
