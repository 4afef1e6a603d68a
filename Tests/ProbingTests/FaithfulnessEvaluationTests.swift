import Testing
import LinearAlgebra
@testable import Probing

/// The three-word model of docs/METHOD.md §10.6: ids 0 [CLS], 1 "a", 2 "b", 3 "c", 4 [SEP],
/// 5 [MASK]; p(class 0) = 0.1 + 0.55·[a] + 0.25·[b] + 0.1·[c], p(class 1) = 1 − p(class 0).
/// Every probability after a removal is known by hand:
/// {} 0.1, {a} 0.65, {b} 0.35, {c} 0.2, {a,b} 0.9, {a,c} 0.75, {b,c} 0.45, {a,b,c} 1.
private func threeWordProbability(_ sequences: [[Int32]]) -> Matrix {
    #expect(Set(sequences).count == sequences.count, "an input was scored twice")
    var result = Matrix(rowCount: sequences.count, columnCount: 2)
    for (row, sequence) in sequences.enumerated() {
        var p = 0.1
        if sequence.contains(1) { p += 0.55 }
        if sequence.contains(2) { p += 0.25 }
        if sequence.contains(3) { p += 0.1 }
        result[row, 0] = Float(p)
        result[row, 1] = Float(1 - p)
    }
    return result
}

private let tokens: [Int32] = [0, 1, 2, 3, 4]
private let words = WordUnits(tokenIDs: tokens, isSpecial: { $0 == 0 || $0 == 4 }, isContinuation: { _ in false })
/// Ranks a, b, c: the true order of influence.
private let good = FaithfulnessMethod(name: "good", tokenScores: [[0, 3, 2, 1, 0]])
/// Ranks c, b, a: the reverse.
private let bad = FaithfulnessMethod(name: "bad", tokenScores: [[0, 1, 2, 3, 0]])

private func options(_ perturbation: Perturbation = .remove) -> FaithfulnessOptions {
    var options = FaithfulnessOptions()
    options.fractions = [1.0 / 3, 2.0 / 3]
    options.curveFractions = [0, 1.0 / 3, 2.0 / 3, 1]
    options.perturbation = perturbation
    options.bootstrapCount = 50
    return options
}

private func evaluate(_ options: FaithfulnessOptions, rationale: [Bool]? = [true, false, false]) -> FaithfulnessReport {
    FaithfulnessEvaluation.run(examples: [FaithfulnessExample(tokenIDs: tokens, words: words, rationale: rationale)],
                               methods: [good, bad, .random], options: options, maskID: 5, probability: threeWordProbability)
}

@Suite("Faithfulness metrics on a hand-computed three-word model")
struct FaithfulnessEvaluationTests {
    @Test("comprehensiveness and sufficiency per bin and their AOPC, by deletion and by masking")
    func comprehensivenessAndSufficiency() {
        for perturbation in Perturbation.allCases {
            let report = evaluate(options(perturbation))
            let (first, second) = (report.methods[0], report.methods[1])
            // good: removing a → 0.45, removing a, b → 0.2; keeping a → 0.65, keeping a, b → 0.9.
            #expect(first.comprehensiveness.bins.map(\.mean).isClose(to: [0.55, 0.8]))
            #expect(abs(first.comprehensiveness.aopc - 0.675) < 1e-6)
            #expect(first.sufficiency.bins.map(\.mean).isClose(to: [0.35, 0.1]))
            #expect(abs(first.sufficiency.aopc - 0.225) < 1e-6)
            // bad: removing c → 0.9, removing c, b → 0.65; keeping c → 0.2, keeping c, b → 0.45.
            #expect(second.comprehensiveness.bins.map(\.mean).isClose(to: [0.1, 0.35]))
            #expect(abs(second.sufficiency.aopc - 0.675) < 1e-6)
            // One example: every bootstrap resample is that example.
            #expect(abs(first.comprehensiveness.low - 0.675) < 1e-6 && abs(first.comprehensiveness.high - 0.675) < 1e-6)
        }
    }

    @Test("ERASER's default bins on three words all take out one word")
    func defaultBins() {
        var settings = options()
        settings.fractions = FaithfulnessOptions().fractions
        let report = evaluate(settings)
        #expect(report.methods[0].comprehensiveness.bins.map(\.mean).isClose(to: [0.55, 0.55, 0.55, 0.55, 0.55]))
        #expect(FaithfulnessOptions.binWordCount(fraction: 0.01, wordCount: 20) == 1)
        #expect(FaithfulnessOptions.binWordCount(fraction: 0.5, wordCount: 21) == 10)
        #expect(FaithfulnessOptions.binWordCount(fraction: 0.2, wordCount: 10) == 2)
        #expect(FaithfulnessOptions.binWordCount(fraction: 0.5, wordCount: 1) == 1)
    }

    @Test("deletion, least-relevant-first deletion and insertion curves and their areas")
    func curves() {
        let good = evaluate(options()).methods[0]
        #expect(good.curves.deletion.isClose(to: [1, 0.45, 0.2, 0.1]))
        #expect(good.curves.deletionLeastFirst.isClose(to: [1, 0.9, 0.65, 0.1]))
        #expect(good.curves.insertion.isClose(to: [0.1, 0.65, 0.9, 1]))
        #expect(abs(good.deletionArea - 0.4) < 1e-6)
        #expect(abs(good.deletionLeastFirstArea - 0.7) < 1e-6)
        #expect(abs(good.deletionGap - 0.3) < 1e-6)
        #expect(abs(good.insertionArea - 0.7) < 1e-6)
        #expect(good.curves.deletionSpread == nil)
    }

    @Test("the attack flips the prediction when the top words are masked")
    func attack() {
        let report = evaluate(options())
        // good: masking a leaves 0.45 < 0.55 → flipped; bad: masking c, then b, leaves 0.9, 0.65 → kept; all three → 0.1.
        #expect(report.methods[0].attack.map(\.successRate) == [1, 1, 1, 1, 1])
        #expect(report.methods[1].attack.map(\.successRate) == [0, 0, 1, 1, 1])
        #expect(report.methods[0].attack.map(\.words) == [1, 2, 3, 4, 5])
    }

    @Test("rationale agreement: average precision, IOU-F1 at 0.5 and top-k precision")
    func rationale() {
        let report = evaluate(options())
        #expect(report.methods[0].rationale == RationaleScore(averagePrecision: 1, iouF1: 1, topKPrecision: 1, examples: 1))
        let second = try! #require(report.methods[1].rationale)
        #expect(abs(second.averagePrecision - 1.0 / 3) < 1e-9)
        #expect(second.iouF1 == 0 && second.topKPrecision == 0)
        #expect(evaluate(options(), rationale: nil).methods[0].rationale == nil)
        // Two rationale words a, c; scores rank b, c, a: precision 1/2 at recall 1/2, 2/3 at recall 1.
        #expect(abs(RationaleAgreement.averagePrecision(scores: [1, 3, 2], truth: [true, false, true])! - (0.25 + 1.0 / 3)) < 1e-12)
        // Ties enter together, as in scikit-learn: one threshold holding both words.
        #expect(abs(RationaleAgreement.averagePrecision(scores: [1, 1, 0], truth: [true, false, false])! - 0.5) < 1e-12)
        #expect(RationaleAgreement.averagePrecision(scores: [1, 2], truth: [true, true]) == nil)
        // scikit-learn 1.7: average_precision_score([0, 1, 1, 0, 1], [0.3, 0.3, 0.9, 0.1, 0.3]) = 0.8333…
        #expect(abs(RationaleAgreement.averagePrecision(scores: [0.3, 0.3, 0.9, 0.1, 0.3], truth: [false, true, true, false, true])! - 5.0 / 6) < 1e-12)
        // The top two words b, c form one span [1, 3); its IOU with the true span {2} is 1/2, a match:
        // precision 1, recall 1/2, F1 2/3.
        let match = RationaleAgreement.partialMatch(predicted: [false, true, true], truth: [true, false, true])
        #expect(match == (1, 1, 2))
        #expect(abs(RationaleAgreement.f1(matched: 1, predictedCount: 1, truthCount: 2) - 2.0 / 3) < 1e-12)
        #expect(RationaleAgreement.partialMatch(predicted: [true, true, true], truth: [true, false, false]).matched == 0)
    }

    @Test("the random method: seeded, a band over its orders, every input scored once")
    func randomMethod() {
        let first = evaluate(options()), second = evaluate(options())
        #expect(first.methods[2] == second.methods[2])
        #expect(first.methods[2].curves.deletionSpread?.count == 4)
        var other = options()
        other.seed = 7
        #expect(evaluate(other).methods[2].curves.deletion != first.methods[2].curves.deletion
                || evaluate(other).methods[2].comprehensiveness != first.methods[2].comprehensiveness)
        // The 8 subsets of {a, b, c} (removing) and the 7 non-empty maskings of the attack are all the distinct inputs there are.
        #expect(first.modelCalls <= 15)
        #expect(first.requestedInputs > first.modelCalls)
        // Masking keeps the length: every input of the mask run has five tokens.
        _ = FaithfulnessEvaluation.run(examples: [FaithfulnessExample(tokenIDs: tokens, words: words)], methods: [good, .random],
                                       options: options(.mask), maskID: 5) { sequences in
            #expect(sequences.allSatisfy { $0.count == 5 && $0.first == 0 && $0.last == 4 })
            return threeWordProbability(sequences)
        }
    }

    @Test("word pieces go together and special tokens are never words")
    func wordUnits() {
        // [CLS] un ##watch ##able film [SEP]
        let units = WordUnits(tokenIDs: [0, 10, 11, 12, 13, 4], isSpecial: { $0 == 0 || $0 == 4 }, isContinuation: { $0 == 11 || $0 == 12 })
        #expect(units.pieces == [[1, 2, 3], [4]])
        #expect(units.wordScores([9, 1, 2, 3, 0.5, 9]) == [6, 0.5])
        let example = FaithfulnessExample(tokenIDs: [0, 10, 11, 12, 13, 4], words: units)
        #expect(example.perturbing(removed: [true, false], perturbation: .remove, maskID: 5) == [0, 13, 4])
        #expect(example.perturbing(removed: [true, false], perturbation: .mask, maskID: 5) == [0, 5, 5, 5, 13, 4])
        #expect(example.replacing([0: 20]) == [0, 20, 13, 4])
        #expect(WordUnits.ranking([1, .nan, 3, 1]) == [2, 0, 3, 1])
    }

    @Test("frequency bands: a replacement comes from the word's own band and is never the word")
    func frequencyBands() {
        // Counts by id: 2 → 1, 3 → 3, 1 → 5, 5 → 9 (id 0 not eligible, id 4 unseen): bands {2, 3} and {1, 5}.
        let bands = FrequencyBands(counts: [7, 5, 1, 3, 0, 9], eligible: { $0 != 0 }, bandCount: 2)
        #expect(bands.members == [[2, 3], [1, 5]])
        #expect(bands.replacement(for: 1, draw: 0) == 5)
        #expect(bands.replacement(for: 2, draw: 0.9) == 3)
        #expect(bands.replacement(for: 3, draw: 0.9) == 2)
    }

    @Test("bootstrap intervals contain the mean and are seeded")
    func bootstrap() {
        let values = (0..<200).map { Double($0 % 7) }
        let resamples = BootstrapResamples(exampleCount: 200, resampleCount: 500, seed: 3)
        let interval = resamples.interval(values)
        let mean = values.reduce(0, +) / 200
        #expect(interval.low < mean && mean < interval.high)
        #expect(interval.high - interval.low < 1.2)
        #expect(BootstrapResamples(exampleCount: 200, resampleCount: 500, seed: 3).interval(values) == interval)
    }
}

private extension Array where Element == Double {
    func isClose(to other: [Double], tolerance: Double = 1e-6) -> Bool {
        count == other.count && zip(self, other).allSatisfy { abs($0 - $1) <= tolerance }
    }
}
