import Models

/// The CNN's exact decomposition (docs/METHOD.md, "Decomposition"; the n-gram decomposition of a
/// max-pooling CNN): at this input every active path is linear, so the target logit is exactly
/// the output bias plus, per pooled feature that is on, its weight into the logit (through the
/// active hidden units) times its winning window's response; each window splits into one term per
/// token (`e_t · w_tap`) and the filter bias. The token scores are these terms summed over the
/// features (equal to LRP-0 and Grad×Input on this network); what the biases hold is stored as the
/// map's baseline logit and the rounding left over (`logit − biases − Σ scores`) as its δ.
public struct NGramDecomposition: SalienceMethod {
    /// `decomposition`.
    public let name = "decomposition"
    /// `none` or `sum`.
    public let normalization: String

    /// `decomposition`.
    public static let entry = SalienceMethodEntry(name: "decomposition", summary: "the CNN's exact per-token (n-gram) decomposition of the logit") {
        NGramDecomposition(normalization: $0.normalization)
    }

    /// The method with the given score normalisation.
    public init(normalization: String = "none") {
        SalienceNormalization.requireKnown(normalization)
        self.normalization = normalization
    }

    /// The CNN only.
    public var requirement: ModelRequirement { .kimCNN }

    /// One forward pass and one ε = 0 relevance pass per batch.
    /// - Complexity: one CNN forward pass plus O(batchSize × 3F × maxWidth × d).
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        guard let model = model as? KimCNN else { preconditionFailure(refusal(for: model) ?? "decomposition needs the CNN") }
        let sequences = (0..<batch.batchSize).map(batch.sequence)
        let results = model.relevance(sequences, targets: targets.fixedTargets(count: sequences.count, labels: labels), epsilon: 0)
        return zip(sequences, results).map { sequence, result in
            var scores = result.tokenRelevance
            SalienceNormalization.apply(normalization, to: &scores)
            return SalienceMap(logits: result.logits, tokenIDs: sequence, scores: scores, target: result.target,
                               baselineLogit: result.biasRelevance, delta: result.conservationGap)
        }
    }

    /// Each pooled feature that is on, with its winning n-gram and its exact contribution to the
    /// logit of `target` (the window's tokens' terms plus the filter's bias term), largest magnitude first.
    /// - Complexity: one forward pass over the sequence.
    public static func ngrams(model: KimCNN, sequence: [Int32], target: Int?) -> [NGramContribution] {
        guard let result = model.relevance([sequence], targets: target.map { [$0] }, epsilon: 0).first else { return [] }
        let trace = result.trace
        var rows: [NGramContribution] = []
        for feature in 0..<trace.featureCount where trace.pooledValues[feature] > 0 && result.featureRelevance[feature] != 0 {
            let start = trace.windowStarts[feature]
            let tokens = trace.tokenRelevance(feature: feature, relevance: result.featureRelevance[feature], epsilon: 0)
            rows.append(NGramContribution(feature: feature, start: start, tokenIDs: Array(sequence[start..<(start + trace.windowWidths[feature])]),
                                          tokenContributions: tokens.map(\.relevance), contribution: result.featureRelevance[feature],
                                          target: result.target, logit: result.logit))
        }
        return rows.sorted { abs($0.contribution) > abs($1.contribution) }
    }
}

/// One filter's winning n-gram and what it adds to a logit.
public struct NGramContribution: Sendable, Codable, Equatable {
    /// The pooled feature (`widthIndex · F + filter`).
    public var feature: Int
    /// First token position of the window.
    public var start: Int
    /// The window's token ids.
    public var tokenIDs: [Int32]
    /// Each window token's term, `[tokenIDs.count]`.
    public var tokenContributions: [Float]
    /// The feature's whole contribution to the logit (its tokens' terms plus its filter-bias term).
    public var contribution: Float
    /// The explained class.
    public var target: Int
    /// That class's logit.
    public var logit: Float
}
