import LinearAlgebra
import Models

/// Integrated Gradients (docs/METHOD.md §4.4): the score of token `i` is
/// `Σ_d (e_id − b_id) · ∫₀¹ ∂ f_c(b + α (e − b)) / ∂ e_id dα`, the path integral of the target
/// logit's gradient along the straight line from the baseline `b` to the input `e`, dotted
/// with `e − b`. Signed; the scores of an example add up to `f_c(e) − f_c(b)` up to the
/// quadrature error, and that completeness gap `δ` is stored with every map.
///
/// The target class is chosen once, from the logits of the real input. The integral is a
/// `steps`-node quadrature; the (step, example) pairs of a batch run through the model's batched
/// input gradient `internalBatchSize` rows at a time (fewer for long sequences), example after
/// example, so one batch costs one forward pass over input and baseline plus about `steps`
/// gradient passes over its real tokens.
public struct IntegratedGradients: SalienceMethod {
    /// `ig`.
    public let name = "ig"
    /// Quadrature nodes (gradient evaluations per example).
    public let steps: Int
    /// The quadrature rule.
    public let quadrature: QuadratureRule
    /// The path's starting point.
    public let baseline: IntegrationBaseline
    /// The baseline's name in recipes (`zero`, `pad`, `mask`).
    public let baselineName: String
    /// The most (example, step) rows sent to the model in one gradient call (fewer for long
    /// sequences, `sequencesPerCall(blockCount:)`).
    public let internalBatchSize: Int
    /// `none` or `sum`; applied after the completeness gap is computed from the raw scores.
    public let normalization: String

    /// The method with `steps` nodes of `quadrature` (Gauss–Legendre by default, as in Captum),
    /// from `baseline`. `baselineName` defaults to `zero` or `token-<id>`.
    public init(steps: Int = 50, quadrature: QuadratureRule = .gaussLegendre, baseline: IntegrationBaseline = .zero,
                baselineName: String? = nil, internalBatchSize: Int = 512, normalization: String = "none") {
        precondition(steps >= quadrature.minimumCount, "The \(quadrature.rawValue) rule needs at least \(quadrature.minimumCount) steps, got \(steps)")
        precondition(internalBatchSize > 0, "internalBatchSize must be positive, got \(internalBatchSize)")
        SalienceNormalization.requireKnown(normalization)
        self.steps = steps
        self.quadrature = quadrature
        self.baseline = baseline
        switch baseline {
        case .zero: self.baselineName = baselineName ?? "zero"
        case .token(let token): self.baselineName = baselineName ?? "token-\(token)"
        }
        self.internalBatchSize = internalBatchSize
        self.normalization = normalization
    }

    /// Maps with `baselineLogit` and `delta` set.
    /// - Complexity: one forward pass over 2 × batchSize sequences, ⌈steps × batchSize / internalBatchSize⌉
    ///   gradient calls covering steps × batchSize sequences, plus O(steps × batchSize × sequenceLength × d).
    public func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap] {
        let batchSize = batch.batchSize
        guard batchSize > 0 else { return [] }
        let dimension = model.embeddingDimension, blockCount = batch.sequenceLength * dimension
        let input = model.embed(batch)
        let reference = baseline.embedded(for: batch, model: model)
        precondition(input.rowCount == reference.rowCount && input.columnCount == reference.columnCount,
                     "Input is [\(input.rowCount), \(input.columnCount)] but the baseline [\(reference.rowCount), \(reference.columnCount)]")

        // The input and the baseline in one forward pass; the targets come from the input.
        let endpoints = model.logits(embedded: Matrix(rowCount: 2 * input.rowCount, columnCount: dimension, values: input.values + reference.values),
                                     batch: batch.selecting(Array(0..<batchSize) + Array(0..<batchSize)))
        let classCount = endpoints.columnCount
        let inputLogits = Matrix(rowCount: batchSize, columnCount: classCount, values: Array(endpoints.values[0..<(batchSize * classCount)]))
        let chosen = targets.targets(logits: inputLogits, labels: labels)
        precondition(chosen.count == batchSize, "Expected \(batchSize) targets, got \(chosen.count)")
        for target in chosen { precondition(target >= 0 && target < classCount, "Target class \(target) outside 0..<\(classCount)") }

        var difference = input.values
        for index in difference.indices { difference[index] -= reference.values[index] }
        let integral = integratedGradients(model: model, batch: batch, reference: reference.values, difference: difference, targets: chosen)

        var probabilities = inputLogits
        softmaxRows(&probabilities)
        let predictions = largestIndices(inputLogits)
        return (0..<batchSize).map { sequence in
            let length = batch.lengths[sequence]
            var total = 0.0
            var scores = [Float](repeating: 0, count: length)
            difference.withUnsafeBufferPointer { difference in
                integral.withUnsafeBufferPointer { integral in
                    for position in 0..<length {
                        let offset = sequence * blockCount + position * dimension
                        var sum = 0.0
                        for column in 0..<dimension { sum += Double(difference[offset + column]) * integral[offset + column] }
                        scores[position] = Float(sum)
                        total += sum
                    }
                }
            }
            let target = chosen[sequence], prediction = predictions[sequence]
            let targetLogit = endpoints[sequence, target], baselineLogit = endpoints[batchSize + sequence, target]
            let delta = total - (Double(targetLogit) - Double(baselineLogit))
            SalienceNormalization.apply(normalization, to: &scores)
            return SalienceMap(tokenIDs: batch.sequence(sequence), scores: scores, target: target, targetLogit: targetLogit,
                               prediction: prediction, probability: probabilities[sequence, prediction],
                               baselineLogit: baselineLogit, delta: Float(delta))
        }
    }

    /// The most path values (sequences × sequence length × d) one gradient call gets
    /// (`ModelCallBudget`; the CNN's projections of 512 sequences took 147 MB).
    public static let pathValueBudget = ModelCallBudget.valueCount

    /// Sequences per gradient call for sequences of `blockCount` values each: `internalBatchSize`,
    /// capped so the path stays within `pathValueBudget` (at least one sequence).
    public func sequencesPerCall(blockCount: Int) -> Int {
        ModelCallBudget.sequencesPerCall(internalBatchSize: internalBatchSize, blockCount: blockCount)
    }

    /// `Σ_k w_k ∇ f_c(b + α_k (e − b))` for every sequence, `[batchSize * sequenceLength * d]` in
    /// Double, zero past each sequence's length. The (step, example) pairs are taken
    /// example-major, longest example first (ties in batch order), steps in node order,
    /// `sequencesPerCall(blockCount:)` per gradient call, and each call is padded only to its own
    /// longest sequence (at least the model's minimum length): a call then holds one or two
    /// examples' steps, whose lengths match, instead of every example of the batch at one node.
    private func integratedGradients(model: any TextClassifier, batch: TokenBatch, reference: [Float], difference: [Float],
                                     targets: [Int]) -> [Double] {
        let batchSize = batch.batchSize, dimension = model.embeddingDimension
        let blockCount = batch.sequenceLength * dimension
        let (alphas, weights) = quadrature.nodesAndWeights(count: steps)
        var integral = [Double](repeating: 0, count: batchSize * blockCount)
        let order = (0..<batchSize).sorted { batch.lengths[$0] != batch.lengths[$1] ? batch.lengths[$0] > batch.lengths[$1] : $0 < $1 }
        let pairs = order.flatMap { example in (0..<steps).map { step in (example: example, step: step) } }
        let callSize = sequencesPerCall(blockCount: blockCount)
        for start in stride(from: 0, to: pairs.count, by: callSize) {
            let call = pairs[start..<min(start + callSize, pairs.count)]
            let examples = call.map(\.example)
            let callLength = min(batch.sequenceLength, max(examples.map { batch.lengths[$0] }.max() ?? 1, model.minimumSequenceLength))
            let callBlockCount = callLength * dimension
            var path = Matrix(rowCount: call.count * callLength, columnCount: dimension)
            reference.withUnsafeBufferPointer { reference in
                difference.withUnsafeBufferPointer { difference in
                    path.values.withUnsafeMutableBufferPointer { path in
                        for (slot, pair) in call.enumerated() {
                            let alpha = Float(alphas[pair.step])
                            let source = pair.example * blockCount, target = slot * callBlockCount
                            for index in 0..<(batch.lengths[pair.example] * dimension) {
                                path[target + index] = reference[source + index] + alpha * difference[source + index]
                            }
                        }
                    }
                }
            }
            let callBatch = batch.selecting(examples, sequenceLength: callLength)
            let gradient = model.inputGradient(embedded: path, batch: callBatch, targets: examples.map { targets[$0] }).gradient
            precondition(gradient.rowCount == path.rowCount && gradient.columnCount == dimension,
                         "Gradient is [\(gradient.rowCount), \(gradient.columnCount)], input [\(path.rowCount), \(dimension)]")
            gradient.values.withUnsafeBufferPointer { gradient in
                integral.withUnsafeMutableBufferPointer { integral in
                    for (slot, pair) in call.enumerated() {
                        let weight = weights[pair.step]
                        let source = slot * callBlockCount, target = pair.example * blockCount
                        for index in 0..<(batch.lengths[pair.example] * dimension) {
                            integral[target + index] += weight * Double(gradient[source + index])
                        }
                    }
                }
            }
        }
        return integral
    }

    /// The recipe of these maps: `ig`, the target rule's name, steps, quadrature, baseline and normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: name, target: target, steps: steps, quadrature: quadrature.rawValue, baseline: baselineName,
                       normalization: normalization, modelFingerprint: modelFingerprint)
    }
}
