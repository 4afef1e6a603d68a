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
/// input gradient `internalBatchSize` rows at a time, so one batch costs one forward pass over
/// input and baseline plus about `steps` gradient passes.
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

    /// The most path values (sequences × sequence length × d) one gradient call gets: 4 MiB of
    /// Floats. Larger calls gain nothing in the products (a few hundred rows already keep the
    /// cores busy) while their activations leave the cache and, above glibc's 32 MiB, are mapped
    /// afresh and page-faulted on every call (the CNN's projections of 512 sequences took 147 MB).
    public static let pathValueBudget = 1 << 20

    /// Sequences per gradient call for sequences of `blockCount` values each: `internalBatchSize`,
    /// capped so the path stays within `pathValueBudget` (at least one sequence).
    public func sequencesPerCall(blockCount: Int) -> Int {
        max(1, min(internalBatchSize, Self.pathValueBudget / max(blockCount, 1)))
    }

    /// `Σ_k w_k ∇ f_c(b + α_k (e − b))` for every sequence, `[batchSize * sequenceLength * d]` in
    /// Double, zero past each sequence's length. The (step, example) pairs are taken step-major,
    /// `sequencesPerCall(blockCount:)` per gradient call; the path matrix is filled in place
    /// call after call, its padded rows kept at zero.
    private func integratedGradients(model: any TextClassifier, batch: TokenBatch, reference: [Float], difference: [Float],
                                     targets: [Int]) -> [Double] {
        let batchSize = batch.batchSize, dimension = model.embeddingDimension
        let blockCount = batch.sequenceLength * dimension
        let (alphas, weights) = quadrature.nodesAndWeights(count: steps)
        var integral = [Double](repeating: 0, count: batchSize * blockCount)
        let pairCount = steps * batchSize, callSize = sequencesPerCall(blockCount: blockCount)
        var path = Matrix(rowCount: min(callSize, pairCount) * batch.sequenceLength, columnCount: dimension)
        for start in stride(from: 0, to: pairCount, by: callSize) {
            let pairs = start..<min(start + callSize, pairCount)
            let examples = pairs.map { $0 % batchSize }
            if pairs.count * batch.sequenceLength != path.rowCount {
                path = Matrix(rowCount: pairs.count * batch.sequenceLength, columnCount: dimension)
            }
            reference.withUnsafeBufferPointer { reference in
                difference.withUnsafeBufferPointer { difference in
                    path.values.withUnsafeMutableBufferPointer { path in
                        for (slot, pair) in pairs.enumerated() {
                            let example = pair % batchSize, alpha = Float(alphas[pair / batchSize])
                            let source = example * blockCount, target = slot * blockCount
                            let realCount = batch.lengths[example] * dimension
                            for index in 0..<realCount {
                                path[target + index] = reference[source + index] + alpha * difference[source + index]
                            }
                            for index in realCount..<blockCount { path[target + index] = 0 }
                        }
                    }
                }
            }
            let gradient = model.inputGradient(embedded: path, batch: batch.selecting(examples), targets: examples.map { targets[$0] }).gradient
            precondition(gradient.rowCount == path.rowCount && gradient.columnCount == dimension,
                         "Gradient is [\(gradient.rowCount), \(gradient.columnCount)], input [\(path.rowCount), \(dimension)]")
            gradient.values.withUnsafeBufferPointer { gradient in
                integral.withUnsafeMutableBufferPointer { integral in
                    for (slot, pair) in pairs.enumerated() {
                        let example = pair % batchSize, weight = weights[pair / batchSize]
                        let source = slot * blockCount, target = example * blockCount
                        for index in 0..<(batch.lengths[example] * dimension) {
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
