import LinearAlgebra

/// Synthetic shortcut injection (docs/METHOD.md §2.4; the paper's Sec. 4, after Bastings et al. 2022):
/// a copy of a binary dataset in which two-token rules decide the label.
///
/// Within each split separately (so every split gets its share), with one `SplitMix64(seed)`:
/// * **rules**: round(`rate` × split size) examples, half drawn from each original class, get
///   `COMMON` and either `CLASS_0` (label set to `classes[0]`) or `CLASS_1` (label set to
///   `classes[1]`); the two rules alternate within each class's draw, so the rule is
///   independent of the original label and about half the rule examples change label;
/// * **distractors**: round(`distractorRate` × split size) further examples, again half from
///   each class, get exactly one of the three tokens (cycling COMMON, CLASS_0, CLASS_1), label
///   unchanged, so no single token predicts the label;
/// * everything else is untouched.
/// A token is inserted as a separate word at a uniformly random word boundary of the text
/// (before any of the n words or after the last), with a space on each side; the two tokens of
/// a rule are placed independently (the second among the n + 1 words). The text is otherwise
/// kept byte for byte. The record goes into metadata: `shortcut` = none / rule0 / rule1 /
/// distractor, `shortcutTokens` (the inserted tokens, space-separated) and `originalLabel`.
public enum ShortcutInjector {
    /// The token that appears in both rules.
    public static let commonToken = "COMMON"
    /// The token that, with `COMMON`, sets the label to the first class.
    public static let classZeroToken = "CLASS_0"
    /// The token that, with `COMMON`, sets the label to the second class.
    public static let classOneToken = "CLASS_1"
    /// The three tokens, to register with the tokenizer as whole-word added tokens.
    public static let tokens = [commonToken, classZeroToken, classOneToken]

    /// The metadata columns the injection adds.
    public static let shortcutColumn = "shortcut"
    /// See `shortcutColumn`.
    public static let shortcutTokensColumn = "shortcutTokens"
    /// See `shortcutColumn`.
    public static let originalLabelColumn = "originalLabel"

    /// The kinds of change recorded in the `shortcut` column.
    public enum Kind: String, Sendable, CaseIterable {
        case none, rule0, rule1, distractor
    }

    /// A copy of `dataset` with shortcut rules and distractors injected (see the type's summary).
    /// - Complexity: O(total text length).
    public static func inject(into dataset: Dataset, rate: Double = 0.2, distractorRate: Double = 0.1,
                              seed: UInt64 = 0) throws(DataError) -> Dataset {
        guard dataset.classes.count == 2 else {
            throw DataError("The shortcut can only be planted in a binary dataset; \(dataset.sourcePath) has \(dataset.classes.count) classes: \(dataset.classes.joined(separator: ", ")).")
        }
        guard rate >= 0, distractorRate >= 0, rate + distractorRate <= 1 else {
            throw DataError("The shortcut rate \(rate) and distractor rate \(distractorRate) must each be between 0 and 1, with a sum of at most 1.")
        }
        let added = [shortcutColumn, shortcutTokensColumn, originalLabelColumn]
        if let existing = dataset.metadataColumns.first(where: { added.contains($0) }) {
            throw DataError("\(dataset.sourcePath) already has a \"\(existing)\" column; plant the shortcut into the original data instead.")
        }

        var result = dataset
        result.metadataColumns += added
        for index in result.examples.indices {
            result.examples[index].metadata[shortcutColumn] = Kind.none.rawValue
            result.examples[index].metadata[shortcutTokensColumn] = ""
            result.examples[index].metadata[originalLabelColumn] = result.examples[index].label
        }

        var generator = SplitMix64(seed: seed)
        var ruleCounter = 0
        var distractorCounter = 0
        for split in Split.allCases {
            let members = result.examples.indices.filter { result.examples[$0].split == split }
            guard !members.isEmpty else { continue }
            var pools: [[Int]] = dataset.classes.map { label in members.filter { result.examples[$0].label == label } }
            for classIndex in pools.indices { seededShuffle(&pools[classIndex], using: &generator) }

            let ruleCount = Int((Double(members.count) * rate).rounded())
            for chosen in draw(ruleCount, from: &pools) {
                for index in chosen {
                    let rule = ruleCounter % 2
                    ruleCounter += 1
                    let tokens = [commonToken, rule == 0 ? classZeroToken : classOneToken]
                    var text = result.examples[index].text
                    for token in tokens { text = insert(token, into: text, using: &generator) }
                    result.examples[index].text = text
                    result.examples[index].label = dataset.classes[rule]
                    result.examples[index].metadata[shortcutColumn] = rule == 0 ? Kind.rule0.rawValue : Kind.rule1.rawValue
                    result.examples[index].metadata[shortcutTokensColumn] = tokens.joined(separator: " ")
                }
            }

            let distractorCount = Int((Double(members.count) * distractorRate).rounded())
            for chosen in draw(distractorCount, from: &pools) {
                for index in chosen {
                    let token = tokens[distractorCounter % 3]
                    distractorCounter += 1
                    result.examples[index].text = insert(token, into: result.examples[index].text, using: &generator)
                    result.examples[index].metadata[shortcutColumn] = Kind.distractor.rawValue
                    result.examples[index].metadata[shortcutTokensColumn] = token
                }
            }
        }
        return result
    }

    /// Takes `count` examples off the front of the shuffled class pools: half from each
    /// (the first class gets the odd one), topping up from the other pool if one runs out.
    private static func draw(_ count: Int, from pools: inout [[Int]]) -> [[Int]] {
        let firstShare = min(pools[0].count, max(count - pools[1].count, (count + 1) / 2))
        let secondShare = min(pools[1].count, count - firstShare)
        let shares = [firstShare, secondShare]
        var chosen: [[Int]] = []
        for classIndex in 0..<2 {
            chosen.append(Array(pools[classIndex].prefix(shares[classIndex])))
            pools[classIndex].removeFirst(shares[classIndex])
        }
        return chosen
    }

    /// The text with `token` inserted as a word at a uniformly random word boundary.
    static func insert(_ token: String, into text: String, using generator: inout SplitMix64) -> String {
        var wordStarts: [String.Index] = []
        var previousIsSpace = true
        for index in text.indices {
            let isSpace = text[index].isWhitespace
            if !isSpace && previousIsSpace { wordStarts.append(index) }
            previousIsSpace = isSpace
        }
        let position = Int(generator.next() % UInt64(wordStarts.count + 1))
        if position < wordStarts.count {
            var result = text
            result.insert(contentsOf: token + " ", at: wordStarts[position])
            return result
        }
        if text.isEmpty { return token }
        return text.last!.isWhitespace ? text + token : text + " " + token
    }
}
