import LinearAlgebra

/// The token scores of one salience method on every example, or the seeded random baseline.
public struct FaithfulnessMethod: Sendable {
    /// The name shown in tables and JSON.
    public var name: String
    /// Token scores of each example, `[examples][length]`; nil for the random baseline.
    public var tokenScores: [[Float]]?

    /// A method with stored or computed scores.
    public init(name: String, tokenScores: [[Float]]) {
        self.name = name
        self.tokenScores = tokenScores
    }

    /// The random baseline: a seeded uniform score per token, `randomOrderCount` orders (`FaithfulnessOptions`).
    public static let random = FaithfulnessMethod(name: "random")

    private init(name: String) {
        self.name = name
        self.tokenScores = nil
    }
}

/// Comprehensiveness, sufficiency, deletion and insertion curves, the word-replacement attack
/// and rationale agreement of salience methods on the same examples (docs/METHOD.md §10).
///
/// Every input the metrics need is collected first, duplicates merged (the unchanged input,
/// a bin that equals a curve point, the same top words of two methods), and the distinct inputs
/// are scored in one call to `probability`, which the caller batches by length.
public enum FaithfulnessEvaluation {
    /// The inputs one word order of one example asks for, as indices into the distinct inputs.
    private struct OrderInputs {
        var comprehensiveness: [Int]
        var sufficiency: [Int]
        var deletion: [Int]
        var deletionLeastFirst: [Int]
        var insertion: [Int]
        var attack: [Int]
        var wordScores: [Double]
    }

    /// Evaluates `methods` on `examples`.
    ///
    /// `probability` returns class probabilities `[sequences.count, classCount]` for the inputs
    /// it is given; it is called once. `replacement(example, word, draw)` gives the token that
    /// replaces a word in the attack with `--replace random` (nil keeps the mask token).
    /// - Complexity: O(examples × orders × (bins + curve points + r)) inputs built, each O(length); one model call per distinct input.
    public static func run(examples: [FaithfulnessExample], methods: [FaithfulnessMethod], options: FaithfulnessOptions, maskID: Int32,
                           replacement: (_ example: Int, _ word: Int, _ draw: Double) -> Int32? = { _, _, _ in nil },
                           probability: ([[Int32]]) -> Matrix) -> FaithfulnessReport {
        precondition(!examples.isEmpty, "Faithfulness needs at least one example")
        precondition(methods.allSatisfy { $0.tokenScores == nil || $0.tokenScores!.count == examples.count }, "Scores for another number of examples")
        var unique: [[Int32]] = []
        var indexOf: [[Int32]: Int] = [:]
        var requested = 0
        func register(_ sequence: [Int32]) -> Int {
            requested += 1
            if let index = indexOf[sequence] { return index }
            indexOf[sequence] = unique.count
            unique.append(sequence)
            return unique.count - 1
        }
        let originals = examples.map { register($0.tokenIDs) }
        var randomGenerator = SplitMix64(seed: options.seed ^ 0x4A4D_0D0E_5EED_0001)
        var drawGenerator = SplitMix64(seed: options.seed ^ 0x4A4D_0D0E_5EED_0002)
        // Replacement draws per example and word, shared by every method (a paired design).
        let draws = examples.map { example in (0..<example.words.count).map { _ in drawGenerator.nextUnitDouble() } }
        // inputs[method][example][order]
        var inputs: [[[OrderInputs]]] = []
        for method in methods {
            var perExample: [[OrderInputs]] = []
            for (exampleIndex, example) in examples.enumerated() {
                let wordCount = example.words.count
                let scoreSets: [[Double]]
                if let scores = method.tokenScores {
                    precondition(scores[exampleIndex].count == example.tokenIDs.count,
                                 "\(method.name): \(scores[exampleIndex].count) scores for \(example.tokenIDs.count) tokens of example \(exampleIndex)")
                    scoreSets = [example.words.wordScores(scores[exampleIndex])]
                } else {
                    scoreSets = (0..<max(options.randomOrderCount, 1)).map { _ in
                        let tokenScores = example.tokenIDs.map { _ in Float(randomGenerator.nextUnitDouble()) }
                        return example.words.wordScores(tokenScores)
                    }
                }
                perExample.append(scoreSets.map { wordScores in
                    let order = WordUnits.ranking(wordScores)
                    func flags(_ words: some Sequence<Int>) -> [Bool] {
                        var result = [Bool](repeating: false, count: wordCount)
                        for word in words { result[word] = true }
                        return result
                    }
                    func without(_ words: some Sequence<Int>) -> Int {
                        register(example.perturbing(removed: flags(words), perturbation: options.perturbation, maskID: maskID))
                    }
                    func keeping(_ words: some Sequence<Int>) -> Int {
                        register(example.perturbing(removed: flags(words).map { !$0 }, perturbation: options.perturbation, maskID: maskID))
                    }
                    let bins = options.fractions.map { FaithfulnessOptions.binWordCount(fraction: $0, wordCount: wordCount) }
                    let points = options.curveFractions.map { FaithfulnessOptions.curveWordCount(fraction: $0, wordCount: wordCount) }
                    let attack = (1...max(options.attackWordCount, 1)).map { count -> Int in
                        let words = order.prefix(min(count, wordCount))
                        switch options.replacement {
                        case .mask:
                            return register(example.perturbing(removed: flags(words), perturbation: .mask, maskID: maskID))
                        case .random:
                            var replacements: [Int: Int32] = [:]
                            for word in words {
                                replacements[word] = replacement(exampleIndex, word, draws[exampleIndex][word]) ?? maskID
                            }
                            return register(example.replacing(replacements))
                        }
                    }
                    return OrderInputs(comprehensiveness: bins.map { without(order.prefix($0)) },
                                       sufficiency: bins.map { keeping(order.prefix($0)) },
                                       deletion: points.map { without(order.prefix($0)) },
                                       deletionLeastFirst: points.map { without(order.reversed().prefix($0)) },
                                       insertion: points.map { keeping(order.prefix($0)) },
                                       attack: attack, wordScores: wordScores)
                })
            }
            inputs.append(perExample)
        }
        let probabilities = probability(unique)
        precondition(probabilities.rowCount == unique.count, "\(probabilities.rowCount) probability rows for \(unique.count) inputs")
        let classCount = probabilities.columnCount
        func argmax(_ row: Int) -> Int {
            var best = 0
            for column in 1..<max(classCount, 1) where probabilities[row, column] > probabilities[row, best] { best = column }
            return best
        }
        let predicted = originals.map(argmax)
        func p(_ row: Int, _ example: Int) -> Double { Double(probabilities[row, predicted[example]]) }
        let resamples = BootstrapResamples(exampleCount: examples.count, resampleCount: options.bootstrapCount, seed: options.seed)
        let exampleCount = Double(examples.count)

        let results = methods.indices.map { methodIndex -> MethodFaithfulness in
            let perExample = inputs[methodIndex]
            let orderCount = perExample[0].count
            let binCount = options.fractions.count, pointCount = options.curveFractions.count
            // Per example, averaged over the orders (one order except for random).
            var comprehensiveness = [[Double]](repeating: [Double](repeating: 0, count: examples.count), count: binCount)
            var sufficiency = comprehensiveness
            var attack = [Double](repeating: 0, count: max(options.attackWordCount, 1))
            // Mean curves per order, for the random band.
            var deletion = [[Double]](repeating: [Double](repeating: 0, count: pointCount), count: orderCount)
            var deletionLeastFirst = deletion, insertion = deletion
            var precisions: [Double] = [], averagePrecisions: [Double] = []
            var matched = 0.0, predictedSpans = 0.0, truthSpans = 0.0
            var rationaleExamples = 0
            for (example, orders) in perExample.enumerated() {
                let before = p(originals[example], example)
                let weight = 1 / Double(orders.count)
                var exampleAP = 0.0, exampleAPCount = 0, examplePrecision = 0.0
                var exampleMatch = (0.0, 0.0, 0.0)
                for (orderIndex, order) in orders.enumerated() {
                    for bin in 0..<binCount {
                        comprehensiveness[bin][example] += weight * (before - p(order.comprehensiveness[bin], example))
                        sufficiency[bin][example] += weight * (before - p(order.sufficiency[bin], example))
                    }
                    for point in 0..<pointCount {
                        deletion[orderIndex][point] += p(order.deletion[point], example) / exampleCount
                        deletionLeastFirst[orderIndex][point] += p(order.deletionLeastFirst[point], example) / exampleCount
                        insertion[orderIndex][point] += p(order.insertion[point], example) / exampleCount
                    }
                    for (slot, row) in order.attack.enumerated() where argmax(row) != predicted[example] {
                        attack[slot] += weight / exampleCount
                    }
                    if let truth = examples[example].rationale, truth.contains(true) {
                        let goldCount = truth.filter { $0 }.count
                        if let ap = RationaleAgreement.averagePrecision(scores: order.wordScores, truth: truth) {
                            exampleAP += ap
                            exampleAPCount += 1
                        }
                        let top = RationaleAgreement.topWords(scores: order.wordScores, count: goldCount)
                        examplePrecision += weight * Double(zip(top, truth).filter { $0 && $1 }.count) / Double(goldCount)
                        let match = RationaleAgreement.partialMatch(predicted: top, truth: truth, threshold: 0.5)
                        exampleMatch.0 += weight * Double(match.matched)
                        exampleMatch.1 += weight * Double(match.predictedCount)
                        exampleMatch.2 += weight * Double(match.truthCount)
                    }
                }
                if let truth = examples[example].rationale, truth.contains(true) {
                    rationaleExamples += 1
                    precisions.append(examplePrecision)
                    if exampleAPCount > 0 { averagePrecisions.append(exampleAP / Double(exampleAPCount)) }
                    matched += exampleMatch.0
                    predictedSpans += exampleMatch.1
                    truthSpans += exampleMatch.2
                }
            }
            func binned(_ values: [[Double]]) -> BinnedScore {
                let bins = zip(options.fractions, values).map { fraction, perExample -> BinScore in
                    let interval = resamples.interval(perExample)
                    return BinScore(fraction: fraction, mean: perExample.reduce(0, +) / exampleCount, low: interval.low, high: interval.high)
                }
                let perExampleAOPC = (0..<examples.count).map { example in values.reduce(0.0) { $0 + $1[example] } / Double(max(values.count, 1)) }
                let interval = resamples.interval(perExampleAOPC)
                return BinnedScore(aopc: perExampleAOPC.reduce(0, +) / exampleCount, low: interval.low, high: interval.high, bins: bins)
            }
            func mean(_ curves: [[Double]]) -> [Double] {
                (0..<pointCount).map { point in curves.reduce(0.0) { $0 + $1[point] } / Double(curves.count) }
            }
            func spread(_ curves: [[Double]]) -> [Double]? {
                guard method(methodIndex).tokenScores == nil else { return nil }
                let average = mean(curves)
                return (0..<pointCount).map { point in
                    (curves.reduce(0.0) { $0 + ($1[point] - average[point]) * ($1[point] - average[point]) } / Double(curves.count)).squareRoot()
                }
            }
            func method(_ index: Int) -> FaithfulnessMethod { methods[index] }
            let curves = FaithfulnessCurves(fractions: options.curveFractions, deletion: mean(deletion), deletionLeastFirst: mean(deletionLeastFirst),
                                            insertion: mean(insertion), deletionSpread: spread(deletion),
                                            deletionLeastFirstSpread: spread(deletionLeastFirst), insertionSpread: spread(insertion))
            let deletionArea = area(curves.deletion, at: options.curveFractions)
            let leastFirstArea = area(curves.deletionLeastFirst, at: options.curveFractions)
            let rationale = rationaleExamples == 0 ? nil : RationaleScore(
                averagePrecision: averagePrecisions.isEmpty ? 0 : averagePrecisions.reduce(0, +) / Double(averagePrecisions.count),
                iouF1: RationaleAgreement.f1(matched: matched, predictedCount: predictedSpans, truthCount: truthSpans),
                topKPrecision: precisions.reduce(0, +) / Double(precisions.count), examples: rationaleExamples)
            return MethodFaithfulness(method: methods[methodIndex].name, comprehensiveness: binned(comprehensiveness),
                                      sufficiency: binned(sufficiency), deletionArea: deletionArea, deletionLeastFirstArea: leastFirstArea,
                                      deletionGap: leastFirstArea - deletionArea, insertionArea: area(curves.insertion, at: options.curveFractions),
                                      attack: attack.enumerated().map { AttackPoint(words: $0.offset + 1, successRate: $0.element) },
                                      rationale: rationale, curves: curves)
        }
        return FaithfulnessReport(methods: results, examples: examples.count, modelCalls: unique.count,
                                  modelCallsPerExample: Double(unique.count) / exampleCount, requestedInputs: requested,
                                  seconds: 0, examplesPerSecond: 0, perturbation: options.perturbation, replacement: options.replacement,
                                  fractions: options.fractions, seed: options.seed)
    }

    /// Trapezoid area of `values` over the points `fractions`.
    /// - Complexity: O(n).
    public static func area(_ values: [Double], at fractions: [Double]) -> Double {
        var sum = 0.0
        for index in 1..<max(values.count, 1) {
            sum += (fractions[index] - fractions[index - 1]) * (values[index] + values[index - 1]) / 2
        }
        return sum
    }
}
