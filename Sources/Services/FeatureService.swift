import Foundation
import LinearAlgebra
import Models
import TextData
import Workspace

/// FIND's view of a CNN (Lertvittayakumjorn et al. 2020): what each pooled feature responds to
/// (the n-grams of its winning windows, weighted by relevance), how it pushes each class, and
/// how often it fires on each; the features ranked by how much they separate the classes.
public struct FeatureService: Sendable {
    /// The session whose model is examined.
    public let session: WorkspaceSession

    /// A service over `session`'s model.
    public init(session: WorkspaceSession) { self.session = session }

    /// The session's CNN, or a sentence saying that feature clouds need one.
    public func cnn() throws(WorkspaceError) -> KimCNN {
        if session.model.isExternal {
            throw session.model.externalRefusal("Feature clouds and disabling need a CNN (family cnn)",
                                                remedy: "train a CNN on the data first")
        }
        guard let model = session.model.classifier as? KimCNN else {
            throw WorkspaceError("Feature clouds and disabling need a CNN (family cnn), but the model \(session.model.record.fingerprint.prefix(8)) is of family \(session.model.record.recipe.kind).",
                                 nextStep: .trainModel)
        }
        return model
    }

    /// The report over up to `exampleCount` training examples (a seeded sample when there are
    /// more), each feature with its `ngramCount` heaviest n-grams and, when `shareTerms` is not
    /// empty, the share of its relevance mass on n-grams holding one of them (whole tokens, any case).
    /// - Complexity: one convolution pass over the examples, O(n × 3F) window lookups, O(n × 3F × H) for the influence.
    public func report(exampleCount: Int, ngramCount: Int, seed: UInt64, shareTerms: [String] = []) throws(WorkspaceError) -> FeatureReport {
        precondition(exampleCount > 0 && ngramCount > 0, "exampleCount and ngramCount must be positive")
        let model = try cnn()
        var positions = session.dataset.examples.indices.filter { session.dataset.examples[$0].split == .train }
        if positions.isEmpty { positions = Array(session.dataset.examples.indices) }
        if positions.count > exampleCount {
            var generator = SplitMix64(seed: seed)
            for index in stride(from: positions.count - 1, to: 0, by: -1) {
                positions.swapAt(index, min(Int(generator.nextUnitDouble() * Double(index + 1)), index))
            }
            positions = Array(positions.prefix(exampleCount)).sorted()
        }
        let sequences = positions.map { session.tokenIDs(at: $0) }
        let labels = positions.map { session.label(at: $0) }
        let classCount = session.classes.count, featureCount = model.configuration.featureCount
        // The shared LRP core (KimCNN+Relevance): each feature's winning window and its ε-rule token relevance.
        var traces: [KimCNNPoolingTrace] = []
        traces.reserveCapacity(sequences.count)
        for start in stride(from: 0, to: sequences.count, by: 256) {
            traces += model.poolingTraces(Array(sequences[start..<min(start + 256, sequences.count)]))
        }
        var activations = Matrix(rowCount: sequences.count, columnCount: featureCount)
        for (row, trace) in traces.enumerated() {
            for feature in 0..<featureCount { activations.values[row * featureCount + feature] = trace.featureValue(feature) }
        }
        let influence = model.meanClassInfluence(activations: activations)

        // N-grams keyed by a hash of their token ids: no allocation per window, tokens kept once per distinct n-gram.
        var weights = [[UInt64: (relevance: Double, count: Int)]](repeating: [:], count: featureCount)
        var tokensOfHash: [UInt64: [Int32]] = [:]
        var active = [Int](repeating: 0, count: featureCount * classCount)
        var classSizes = [Int](repeating: 0, count: classCount)
        var activationSums = [Double](repeating: 0, count: featureCount)
        for (row, sequence) in sequences.enumerated() {
            classSizes[labels[row]] += 1
            sequence.withUnsafeBufferPointer { tokens in
                let trace = traces[row]
                for feature in 0..<featureCount {
                    let activation = trace.featureValue(feature)
                    guard activation > 0 else { continue }
                    activationSums[feature] += Double(activation)
                    active[feature * classCount + labels[row]] += 1
                    let start = trace.windowStarts[feature]
                    let end = min(start + trace.windowWidths[feature], tokens.count)
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                    for position in start..<end { hash = (hash ^ UInt64(UInt32(bitPattern: tokens[position]))) &* 0x100_0000_01b3 }
                    if tokensOfHash[hash] == nil { tokensOfHash[hash] = Array(tokens[start..<end]) }
                    // FIND: the window's LRP-ε relevance to the feature itself, summed over its tokens (and the embedding dimension).
                    var relevance = 0.0
                    for (_, share) in trace.tokenRelevance(feature: feature, epsilon: Self.epsilon) { relevance += Double(share) }
                    weights[feature][hash, default: (0, 0)].relevance += relevance
                    weights[feature][hash, default: (0, 0)].count += 1
                }
            }
        }
        let wanted = Set(shareTerms.map { $0.lowercased() })
        var tokenMatches: [Int32: Bool] = [:]
        func holdsTerm(_ tokens: [Int32]) -> Bool {
            tokens.contains { token in
                if let known = tokenMatches[token] { return known }
                let matches = wanted.contains(session.term(Int(token)).lowercased())
                tokenMatches[token] = matches
                return matches
            }
        }
        let disabled = Dictionary(grouping: model.configuration.disabledFeatures, by: \.feature)
        let widths = model.featureWidths
        var entries: [FeatureEntry] = (0..<featureCount).map { feature in
            let classInfluence = (0..<classCount).map { Double(influence[feature, $0]) }
            let separation = (classInfluence.max() ?? 0) - (classInfluence.min() ?? 0)
            let meanActivation = activationSums[feature] / Double(max(sequences.count, 1))
            let ngrams = weights[feature].sorted { ($0.value.relevance, $1.key) > ($1.value.relevance, $0.key) }.prefix(ngramCount).map { hash, value in
                let tokens = tokensOfHash[hash]!.map { session.term(Int($0)) }
                return FeatureNgram(text: Self.joined(tokens), tokens: tokens, relevance: value.relevance, count: value.count)
            }
            let disabledClasses = disabled[feature].map { entries in
                entries.contains { $0.classIndex == nil } ? Array(0..<classCount) : entries.compactMap(\.classIndex).sorted()
            } ?? []
            return FeatureEntry(index: feature, width: widths[feature], rank: 0, score: separation * meanActivation, separation: separation,
                                meanActivation: meanActivation, influence: classInfluence,
                                activeRates: (0..<classCount).map { Double(active[feature * classCount + $0]) / Double(max(classSizes[$0], 1)) },
                                ngrams: Array(ngrams), disabledClasses: disabledClasses,
                                termShare: wanted.isEmpty ? nil : Self.termShare(weights[feature].map { (holdsTerm(tokensOfHash[$0.key]!), $0.value.relevance) }))
        }
        entries.sort { ($0.score, $1.index) > ($1.score, $0.index) }
        for index in entries.indices { entries[index].rank = index + 1 }
        return FeatureReport(classes: session.classes, exampleCount: sequences.count, featureCount: featureCount,
                             influenceMeasure: model.configuration.hiddenSize > 0 ? "mean gradient" : "output weights",
                             relevanceMeasure: Self.relevanceMeasure, modelFingerprint: session.model.record.fingerprint, features: entries)
    }

    /// The features of `report` (built with `shareTerms: terms`) whose relevance mass lies at least `minimumShare` on
    /// n-grams holding one of `terms`, in index order; with `minimumShare` 0, those whose top n-grams in `report`
    /// contain one of the terms as a whole token (case-insensitive). A sentence naming the terms when none is selected.
    public func features(matching terms: [String], minimumShare: Double = 0, in report: FeatureReport) throws(WorkspaceError) -> [Int] {
        precondition((0...1).contains(minimumShare), "minimumShare \(minimumShare) is not in [0, 1]")
        let wanted = Set(terms.map { $0.lowercased() })
        let matches = report.features.filter { feature in
            if minimumShare > 0 {
                precondition(feature.termShare != nil, "The report was built without shareTerms")
                return feature.termShare! >= minimumShare
            }
            return feature.ngrams.contains { ngram in ngram.tokens.contains { wanted.contains($0.lowercased()) } }
        }.map(\.index).sorted()
        guard !matches.isEmpty else {
            let rule = minimumShare > 0
                ? "at least \(minimumShare) of its relevance mass on n-grams holding \(terms.joined(separator: " or "))"
                : "\(terms.joined(separator: " or ")) among the top \(report.features.first?.ngrams.count ?? 0) n-grams of its cloud"
            throw WorkspaceError("No feature of the model has \(rule) over \(report.exampleCount) training examples.",
                                 nextStep: .chooseValue(parameter: "terms", advice: "terms that salience features shows in the clouds, or a lower --min-share"))
        }
        return matches
    }

    /// The share of a feature's relevance mass on n-grams holding a matched term: Σ R⁺ over the
    /// `ngrams` whose `holdsTerm` is true, over Σ R⁺ over all of them (R⁺ = max(R, 0), each n-gram's
    /// relevance summed over its windows); 0 when the feature has no positive mass.
    /// - Complexity: O(ngrams).
    public static func termShare(_ ngrams: [(holdsTerm: Bool, relevance: Double)]) -> Double {
        var matched = 0.0, total = 0.0
        for ngram in ngrams where ngram.relevance > 0 {
            total += ngram.relevance
            if ngram.holdsTerm { matched += ngram.relevance }
        }
        return total > 0 ? matched / total : 0
    }

    /// The default `--min-share` of `disable --matching`: a feature is selected when at least this share of its relevance mass lies on the terms' n-grams (docs/METHOD.md §11).
    public static let defaultMinimumShare = 0.2

    /// What the n-grams are weighted by.
    static let relevanceMeasure = "LRP-ε relevance to the feature"

    /// ε of the LRP-ε rule: 1e-7, iNNvestigate's default, which FIND's code uses.
    static let epsilon: Float = 1e-7

    /// Tokens as text: word pieces (`##…`) glued to the token before them.
    static func joined(_ tokens: [String]) -> String {
        var text = ""
        for token in tokens {
            if token.hasPrefix("##"), !text.isEmpty { text += token.dropFirst(2) } else { text += (text.isEmpty ? "" : " ") + token }
        }
        return text
    }
}
