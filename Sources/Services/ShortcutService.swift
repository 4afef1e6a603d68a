import LinearAlgebra
import Analysis
import Attribution
import Probing
import TextData
import Workspace

/// `salience shortcuts` (docs/METHOD.md, "Shortcut search"): candidates from per-predicted-class k-means over a
/// range of k, evidence from the data and the stored maps, verification of the leading ones by
/// the model through the insert and mask experiments, and the ranking.
public struct ShortcutService: Sendable {
    /// The session whose model and maps are searched.
    public let session: WorkspaceSession

    /// Shortcut search over `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// A candidate while it is being gathered: its class, term ids and the clusters that led it.
    private struct Gathered {
        var classIndex: Int
        var terms: [Int32]
        var clusters: [ShortcutCluster]
    }

    /// The ranked shortcut candidates of the slice at `positions` (non-empty).
    ///
    /// Refuses, before computing anything, a k range whose smallest k exceeds every predicted
    /// class of the slice. Verification is skipped (with `verificationNote`) on imported maps.
    /// - Complexity: O(|classes| × |k range| × nInit × k-means) + O(candidates × support) + the verification's
    ///   O(verifyCount × (exampleCount + class examples)) model evaluations.
    public func shortcuts(_ request: ShortcutRequest, positions: [Int], progress: (String) -> Void = { _ in }) throws(WorkspaceError) -> ShortcutReport {
        precondition(!positions.isEmpty, "A shortcut search needs a non-empty slice")
        let classes = session.classes
        let kLow = request.clusterCounts.lowerBound, kHigh = request.clusterCounts.upperBound
        guard kLow >= 1 else {
            throw WorkspaceError("The k range \(kLow)-\(kHigh) must start at 1 or more.", nextStep: .chooseValue(parameter: "clusterCounts", advice: "a range such as 2-8"))
        }
        guard request.initializationCount >= 1 else {
            throw WorkspaceError("The k-means restarts must be at least 1, got \(request.initializationCount).",
                                 nextStep: .chooseValue(parameter: "initializationCount", advice: "at least 1"))
        }
        var groups = [[Int]](repeating: [], count: classes.count)
        for (row, position) in positions.enumerated() { groups[session.predictions[position]].append(row) }
        let largest = groups.map(\.count).max() ?? 0
        guard kLow <= largest else {
            let counts = classes.indices.filter { !groups[$0].isEmpty }.map { "\(groups[$0].count) predicted \(classes[$0])" }.joined(separator: " and ")
            throw WorkspaceError("The k range \(kLow)-\(kHigh) needs at least \(kLow) examples predicted as one class, but the slice of \(positions.count) examples has \(counts).",
                                 nextStep: .chooseValue(parameter: "clusterCounts", advice: "a range starting at \(largest) or less, or a wider slice"))
        }
        var notes: [String] = []
        let canVerify = !session.model.isExternal
        var verificationNote: String?
        if !canVerify {
            verificationNote = "Verification skipped: the maps in this workspace were imported, so there is no model to insert or mask terms with; the insert and mask columns are empty and candidates rank by evidence alone."
        } else if request.verifyCount == 0 {
            verificationNote = "Verification not asked for (verify 0): candidates rank by evidence alone."
        }

        progress("salience maps")
        let maps = try session.maps(request.salience, positions: positions)
        let vocabularySize = session.model.vocabulary.count
        let special = session.excludedTokenIDs(punctuation: false)
        let wordsOnly = session.excludedTokenIDs(punctuation: true)
        let eligible: (Int) -> Bool = { [session] column in !wordsOnly.contains(Int32(column)) && !session.isContinuation(Int32(column)) }
        let shared = SalienceShares.build(tokenIDs: maps.map(\.tokenIDs), scores: maps.map(\.scores), vocabularySize: vocabularySize,
                                          excludedTokenIDs: special)
        let rows = RepresentationService(session: session).salienceVocabulary(maps: maps, topK: request.topK)
        let index = TermSetIndex(tokenIDs: maps.map(\.tokenIDs), predictions: positions.map { session.predictions[$0] },
                                 labels: positions.map { session.hasGoldLabel(at: $0) ? session.label(at: $0) : nil }, shares: shared.shares)

        // 1. Candidates: every concentrated cluster of every k proposes its leading term and, when strong, its pair.
        var gathered: [String: Gathered] = [:]
        var order: [String] = []
        var clusteringCount = 0
        let kMeans = KMeans(clusterCount: 1, initializationCount: request.initializationCount)
        for classIndex in classes.indices where !groups[classIndex].isEmpty {
            let members = groups[classIndex]
            guard kLow <= members.count else {
                notes.append("Class \(classes[classIndex]) has only \(members.count) predicted examples in the slice, fewer than k = \(kLow), so it is not clustered.")
                continue
            }
            if kHigh > members.count {
                notes.append("Class \(classes[classIndex]) has \(members.count) predicted examples, so k stops at \(members.count) for it.")
            }
            progress("k-means of class \(classes[classIndex]), k = \(kLow)…\(min(kHigh, members.count))")
            let classRows = rows.rows(members)
            let classShares = shared.shares.rows(members)
            let classCounted = members.map { shared.countedCounts[$0] }
            for k in kLow...min(kHigh, members.count) {
                var generator = SplitMix64(seed: request.seed ^ (UInt64(classIndex) << 32) ^ UInt64(k))
                var fitter = kMeans
                fitter.clusterCount = k
                let result = fitter.fit(classRows, generator: &generator)
                clusteringCount += 1
                let leads = ClusterConcentration.leads(shares: classShares, countedCounts: classCounted, assignments: result.assignments,
                                                       clusterCount: k, factor: request.concentrationFactor, eligible: eligible)
                for lead in leads where !lead.terms.isEmpty {
                    var proposals: [[(column: Int, share: Double)]] = [[lead.terms[0]]]
                    if lead.terms.count == 2 { proposals += [lead.terms, [lead.terms[1]]] }
                    for proposal in proposals {
                        let terms = proposal.map { Int32($0.column) }.sorted()
                        let key = "\(classIndex):" + terms.map(String.init).joined(separator: ",")
                        let contains = Set(index.rows(containing: terms))
                        let check = ShortcutCheck.check(cluster: lead.cluster, assignments: result.assignments,
                                                        truth: members.map { contains.contains($0) })
                        let cluster = ShortcutCluster(k: k, id: lead.cluster, size: lead.size, share: proposal.reduce(0) { $0 + $1.share },
                                                      precision: check.precision, recall: check.recall)
                        if gathered[key] == nil {
                            gathered[key] = Gathered(classIndex: classIndex, terms: terms, clusters: [])
                            order.append(key)
                        }
                        gathered[key]!.clusters.append(cluster)
                    }
                }
            }
        }
        if groups.filter({ !$0.isEmpty }).count == 1 {
            notes.append("Every example of the slice is predicted \(classes[groups.firstIndex { !$0.isEmpty }!]), so presence cannot be compared with a base rate: candidates rank by salience share (and the model's reaction).")
        }

        // 2. Evidence from the data and the maps.
        progress("evidence for \(order.count) candidates")
        let examples = session.dataset.examples
        var candidates: [(gathered: Gathered, evidence: TermSetEvidence, score: Double)] = order.compactMap { key in
            let candidate = gathered[key]!
            let evidence = index.evidence(for: candidate.terms, classIndex: candidate.classIndex)
            let score = ShortcutRanking.evidenceScore(evidence)
            // Too rare, or its presence does not raise the chance of the prediction: no shortcut.
            guard evidence.support >= request.minimumSupport, score > 0 else { return nil }
            return (candidate, evidence, score)
        }
        candidates.sort { left, right in
            if left.score != right.score { return left.score > right.score }
            if left.evidence.support != right.evidence.support { return left.evidence.support > right.evidence.support }
            return termText(left.gathered.terms) < termText(right.gathered.terms)
        }

        // 3. Verification by the model, for the leading candidates.
        var effects: [ShortcutEffect?] = Array(repeating: nil, count: candidates.count)
        var evaluatedCount = 0
        var evaluationSeconds = 0.0
        if canVerify && request.verifyCount > 0 && !candidates.isEmpty {
            let verified = Array(0..<min(request.verifyCount, candidates.count))
            progress("verifying \(verified.count) candidates with the model")
            let model = session.model
            let inSplit = examples.indices.filter { request.split == nil || examples[$0].split == request.split }
            let tokens = Dictionary(uniqueKeysWithValues: inSplit.map { ($0, session.tokenIDs(at: $0)) })
            for classIndex in classes.indices {
                let slots = verified.filter { candidates[$0].gathered.classIndex == classIndex }
                guard !slots.isEmpty else { continue }
                let probability: ([[Int32]]) -> [Float] = { sequences in
                    model.probabilities(of: sequences, classIndex: classIndex, addingSecondsTo: &evaluationSeconds)
                }
                let terms = slots.map { slot in
                    let ids = candidates[slot].gathered.terms
                    return SeedTerm(text: termText(ids), parts: ids.map { [$0] })
                }
                let result = ShortcutVerification.run(
                    terms: terms,
                    insertInto: inSplit.filter { session.label(at: $0) != classIndex }.map { tokens[$0]! },
                    maskIn: inSplit.filter { session.label(at: $0) == classIndex }.map { tokens[$0]! },
                    exampleCount: request.exampleCount, seed: request.seed, maskID: model.maskTokenID,
                    isContinuation: { [session] in session.isContinuation($0) }, pieceText: { [session] in session.term(Int($0)) },
                    probability: probability)
                evaluatedCount += result.evaluatedCount
                for (slot, effect) in zip(slots, result.effects) { effects[slot] = effect }
            }
        }

        // 4. The ranking: verified candidates by evidence × effect, then the rest by evidence.
        var ranked = candidates.indices.map { slot -> ShortcutCandidate in
            let (candidate, evidence, evidenceScore) = candidates[slot]
            let effect = effects[slot].flatMap { ShortcutRanking.effect(insertChange: $0.insertChange, maskChange: $0.maskChange) }
            return ShortcutCandidate(
                rank: 0, class: classes[candidate.classIndex], terms: candidate.terms.map { session.term(Int($0)) },
                score: ShortcutRanking.score(evidence: evidenceScore, effect: effect), evidence: evidenceScore, effect: effect,
                support: evidence.support, predictionPrecision: evidence.predictionPrecision, baseRate: evidence.baseRate,
                lift: evidence.lift, labelPrecision: evidence.labelPrecision, salienceShare: evidence.salienceShare,
                insertChange: effects[slot]?.insertChange, maskChange: effects[slot]?.maskChange,
                clusters: candidate.clusters.sorted { ($0.k, $0.id) < ($1.k, $1.id) },
                examples: evidence.exampleRows.prefix(request.exampleIDCount).map { examples[positions[$0]].id })
        }
        ranked = ranked.enumerated().sorted { left, right in
            let leftVerified = left.element.effect != nil, rightVerified = right.element.effect != nil
            if leftVerified != rightVerified { return leftVerified }
            if left.element.score != right.element.score { return left.element.score > right.element.score }
            return left.offset < right.offset
        }.map(\.element)
        for slot in ranked.indices { ranked[slot].rank = slot + 1 }
        let kept = request.candidateCount > 0 ? Array(ranked.prefix(request.candidateCount)) : ranked
        return ShortcutReport(n: positions.count, method: request.salience.displayName, kRange: [kLow, kHigh], nInit: request.initializationCount,
                              clusteringCount: clusteringCount, candidateCount: ranked.count, verified: effects.contains { $0 != nil },
                              verificationNote: verificationNote, insertExamples: request.exampleCount, evaluatedSequences: evaluatedCount,
                              evaluationSeconds: evaluationSeconds, seed: request.seed, candidates: kept, notes: notes)
    }

    /// The display text of a term set: its terms joined with ` + `.
    private func termText(_ terms: [Int32]) -> String { terms.map { session.term(Int($0)) }.joined(separator: " + ") }
}
