import Testing
@testable import TextData

/// The synthetic shortcut protocol (docs/METHOD.md §2.4).
@Suite("Shortcut injector")
struct ShortcutInjectorTests {
    /// A binary dataset of `count` examples with alternating labels and splits 80/10/10.
    static func dataset(count: Int = 1000) -> Dataset {
        let examples = (0..<count).map { index in
            Example(id: "x\(index)", text: "word\(index) plain  text\tsample number \(index)",
                    label: index % 3 == 0 ? "neg" : "pos",
                    split: index % 10 == 8 ? .dev : index % 10 == 9 ? .test : .train,
                    metadata: ["movie": "m\(index % 7)"], lineNumber: index + 2)
        }
        return Dataset(examples: examples, classes: ["neg", "pos"], metadataColumns: ["movie"], sourcePath: "in.csv")
    }

    /// The text with the inserted token words removed (inverse of the insertion).
    static func removingTokens(_ text: String, _ tokens: [String]) -> String {
        var result = text
        for token in tokens {
            if let range = result.range(of: token + " ") {
                result.removeSubrange(range)
            } else if let range = result.range(of: " " + token) {
                result.removeSubrange(range)
            }
        }
        return result
    }

    @Test("rates per split, half from each class, labels follow the rules, distractors keep labels")
    func protocolProperties() throws {
        let original = Self.dataset()
        let synthetic = try ShortcutInjector.inject(into: original, rate: 0.2, distractorRate: 0.1, seed: 3)
        #expect(synthetic.metadataColumns == ["movie", "shortcut", "shortcutTokens", "originalLabel"])
        for split in Split.allCases {
            let indices = original.examples.indices.filter { original.examples[$0].split == split }
            let kinds = indices.map { synthetic.examples[$0].metadata["shortcut"]! }
            let ruleCount = kinds.filter { $0 == "rule0" || $0 == "rule1" }.count
            #expect(ruleCount == Int((Double(indices.count) * 0.2).rounded()))
            #expect(kinds.filter { $0 == "distractor" }.count == Int((Double(indices.count) * 0.1).rounded()))
            let ruleFromNegative = indices.filter {
                synthetic.examples[$0].metadata["shortcut"]!.hasPrefix("rule") && original.examples[$0].label == "neg"
            }.count
            #expect(abs(2 * ruleFromNegative - ruleCount) <= 1)
        }
        var flipped = 0
        for (before, after) in zip(original.examples, synthetic.examples) {
            let kind = after.metadata["shortcut"]!
            let tokens = after.metadata["shortcutTokens"]!.split(separator: " ").map(String.init)
            #expect(after.metadata["originalLabel"] == before.label)
            #expect(after.id == before.id && after.split == before.split && after.metadata["movie"] == before.metadata["movie"])
            #expect(Self.removingTokens(after.text, tokens) == before.text)
            let words = after.text.split(whereSeparator: \.isWhitespace).map(String.init)
            let present = ShortcutInjector.tokens.filter(words.contains)
            switch kind {
            case "rule0":
                #expect(after.label == "neg" && present == ["COMMON", "CLASS_0"])
            case "rule1":
                #expect(after.label == "pos" && present == ["COMMON", "CLASS_1"])
            case "distractor":
                #expect(after.label == before.label && present.count == 1 && tokens == present)
            default:
                #expect(kind == "none" && after == before.withShortcutMetadata())
            }
            if after.label != before.label { flipped += 1 }
        }
        let ruleTotal = synthetic.examples.filter { $0.metadata["shortcut"]!.hasPrefix("rule") }.count
        #expect(abs(2 * flipped - ruleTotal) <= 4)
    }

    @Test("the same seed gives the same data, another seed other positions")
    func deterministic() throws {
        let original = Self.dataset(count: 200)
        let first = try ShortcutInjector.inject(into: original, seed: 11)
        let second = try ShortcutInjector.inject(into: original, seed: 11)
        let third = try ShortcutInjector.inject(into: original, seed: 12)
        #expect(first.examples == second.examples)
        #expect(first.examples != third.examples)
    }

    @Test("inserted tokens are whole tokens for the tokenizer")
    func tokenizerSeesTokens() throws {
        let tokenizer = WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "."],
                                           addedTokens: ShortcutInjector.tokens)
        let original = Dataset(
            examples: (0..<40).map { Example(id: "\($0)", text: "a a. a", label: $0 % 2 == 0 ? "0" : "1", split: .train) },
            classes: ["0", "1"], metadataColumns: [], sourcePath: "x.csv")
        let synthetic = try ShortcutInjector.inject(into: original, rate: 0.5, distractorRate: 0.5, seed: 1)
        for example in synthetic.examples {
            let expected = example.metadata["shortcutTokens"]!.split(separator: " ").map(String.init)
            let found = tokenizer.tokenize(example.text).filter { ShortcutInjector.tokens.contains($0) }
            #expect(found.sorted() == expected.sorted())
        }
    }

    @Test("a dataset with other than two classes, or already synthetic, is rejected")
    func rejectsBadInput() throws {
        var threeClasses = Self.dataset(count: 30)
        threeClasses.classes = ["a", "b", "c"]
        let message = TestSupport.error { () throws(DataError) in try ShortcutInjector.inject(into: threeClasses) }?.message ?? ""
        #expect(message == "The shortcut can only be planted in a binary dataset; in.csv has 3 classes: a, b, c.")
        let synthetic = try ShortcutInjector.inject(into: Self.dataset(count: 30))
        #expect(TestSupport.error { () throws(DataError) in try ShortcutInjector.inject(into: synthetic) } != nil)
    }
}

extension Example {
    /// The example with the metadata an untouched example gets from the injector.
    func withShortcutMetadata() -> Example {
        var copy = self
        copy.metadata["shortcut"] = "none"
        copy.metadata["shortcutTokens"] = ""
        copy.metadata["originalLabel"] = label
        return copy
    }
}
