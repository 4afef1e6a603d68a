import Foundation
import LinearAlgebra
import Representation
import Probing
import TextData
import Workspace

/// The counterfactual sensitivity experiments (paper Tables 4 and 5): insert a
/// class's seed terms into examples of other classes, or mask them in examples of the class, and
/// measure how the model's probability of the class moves. These call the model; the
/// experiments themselves live in `Probing`.
public struct SensitivityService: Sendable {
    /// The session whose model is probed.
    public let session: WorkspaceSession

    /// Sensitivity experiments on `session`'s model.
    public init(session: WorkspaceSession) { self.session = session }

    /// The seed lists of `request`, built from the training split (docs/METHOD.md §7.1), and notes on skipped file lines.
    /// - Complexity: O(training tokens) plus the salience maps of the class's training examples when `salience` is asked for.
    public func seedLists(_ request: SensitivityRequest, classIndex: Int) throws(WorkspaceError) -> (lists: [SeedList], notes: [String]) {
        guard let tokenizer = session.model.tokenizer else { preconditionFailure("seedLists on imported salience") }
        let vocabularySize = session.model.vocabulary.count
        let dataset = session.dataset, classes = session.classes
        let training = dataset.examples.indices.filter { dataset.examples[$0].split == .train }
        guard !training.isEmpty else { throw WorkspaceError("The data file \(dataset.sourcePath) has no training examples, which the salience and pmi seed lists are built from.") }
        let trainingTokens = training.map(session.tokenIDs(at:))
        let documentCounts = SeedListSelection.documentCounts(tokenIDs: trainingTokens, vocabularySize: vocabularySize)
        let excludedIDs = request.excludeSpecial ? session.excludedTokenIDs(punctuation: true) : []
        let excluded: (Int32) -> Bool = { [session] id in excludedIDs.contains(id) || session.isContinuation(id) }
        let className = classes[classIndex]
        // Seed files first, so a bad file is refused before any salience map is computed and stored.
        var files: [String: SeedList] = [:]
        var notes: [String] = []
        for seed in request.seeds where seed != "salience" && seed != "pmi" && files[seed] == nil {
            do {
                let file = try SeedFile.read(path: seed, pieceIDs: tokenizer.pieceIDs, unknownID: tokenizer.unknownID)
                files[seed] = file.list
                if !file.skipped.isEmpty {
                    let lines = file.skipped.prefix(5).map { "line \($0.line) \"\($0.text)\"" }.joined(separator: ", ")
                    notes.append("Skipped \(file.skipped.count) term(s) of \(seed) not in the model's vocabulary: \(lines).")
                }
            } catch {
                throw WorkspaceError(error.message, nextStep: error.nextStep)
            }
        }
        var lists: [SeedList] = []
        for seed in request.seeds {
            switch seed {
            case "salience":
                let positions = training.filter { session.label(at: $0) == classIndex }
                guard !positions.isEmpty else {
                    throw WorkspaceError("No training example has class \(className), so the salience seed list cannot be built.",
                                         nextStep: .chooseValue(parameter: "seeds", advice: "pmi or a seed file"))
                }
                let maps = try session.maps(request.salience, positions: positions)
                let rows = RepresentationService(session: session).salienceVocabulary(maps: maps, topK: 5)
                let means = SeedListSelection.columnMeans(rowCount: rows.rowCount, columnCount: vocabularySize,
                                                          columnIndices: rows.columnIndices, values: rows.values)
                let ids = SeedListSelection.top(scores: means, documentCounts: documentCounts, minimumCount: request.minimumCount,
                                                termCount: request.termCount, excluded: excluded)
                lists.append(SeedList(name: "salience", origin: "highest column means of R_vocab (k = 5, \(request.salience.displayName)) over \(positions.count) training examples of class \(className), terms in ≥ \(request.minimumCount) training examples",
                                      terms: ids.map { SeedTerm(text: session.term(Int($0)), tokenID: $0) }))
            case "pmi":
                let scores = PMIRepresentation.scores(tokenIDs: trainingTokens, labels: training.map(session.label(at:)), classCount: classes.count,
                                                      vocabularySize: vocabularySize, minimumCount: request.minimumCount)[classIndex]
                let ids = SeedListSelection.top(scores: scores, documentCounts: documentCounts, minimumCount: request.minimumCount,
                                                termCount: request.termCount, excluded: excluded)
                lists.append(SeedList(name: "pmi", origin: "highest PMI(token; \(className)) over \(training.count) training examples, terms in ≥ \(request.minimumCount) of them",
                                      terms: ids.map { SeedTerm(text: session.term(Int($0)), tokenID: $0) }))
            default:
                lists.append(files[seed]!)
            }
        }
        return (lists, notes)
    }

    /// Runs the insert and / or mask experiments of `request` (docs/METHOD.md §7, paper Tables 4 and
    /// 5) on one set of seed lists, built once; one outcome per mode, in order.
    /// - Complexity: O(Σ terms × examples) model evaluations per mode, batched by length.
    public func sensitivity(_ request: SensitivityRequest, modes: [SensitivityMode]) throws(WorkspaceError) -> [SensitivityOutcome] {
        _ = try session.model.requireClassifier("Sensitivity experiments need the model to score changed examples",
                                        remedy: "train or load a model in this workspace first")
        let classIndex = try session.classIndex(named: request.className)
        guard request.exampleCount >= 1 else {
            throw WorkspaceError("The number of examples per term must be at least 1, got \(request.exampleCount).",
                                 nextStep: .chooseValue(parameter: "exampleCount", advice: "at least 1"))
        }
        let (lists, notes) = try seedLists(request, classIndex: classIndex)
        var outcomes: [SensitivityOutcome] = []
        for mode in modes {
            outcomes.append(try experiment(mode, request: request, classIndex: classIndex, lists: lists, notes: notes))
        }
        return outcomes
    }

    /// One experiment on prepared seed lists; `notes` are carried into the outcome.
    private func experiment(_ mode: SensitivityMode, request: SensitivityRequest, classIndex: Int, lists: [SeedList],
                            notes: [String]) throws(WorkspaceError) -> SensitivityOutcome {
        var notes = notes
        let dataset = session.dataset, classes = session.classes, model = session.model
        let inSplit = dataset.examples.indices.filter { dataset.examples[$0].split == request.split }
        let candidates = inSplit.filter { (session.label(at: $0) == classIndex) == (mode == .mask) }
        let className = classes[classIndex]
        let description = mode == .insert ? "\(request.split.rawValue) examples not of class \(className)" : "\(request.split.rawValue) examples of class \(className)"
        guard !candidates.isEmpty else {
            throw WorkspaceError("There are no \(description) to \(mode.rawValue) terms \(mode == .insert ? "into" : "in").",
                                 nextStep: .chooseValue(parameter: "className", advice: "another class"))
        }
        let examples = candidates.map(session.tokenIDs(at:))
        var evaluationSeconds = 0.0
        let probability: ([[Int32]]) -> [Float] = { sequences in
            model.probabilities(of: sequences, classIndex: classIndex, addingSecondsTo: &evaluationSeconds)
        }
        let pieceText: (Int32) -> String = { [session] in session.term(Int($0)) }
        let continuation: (Int32) -> Bool = { [session] in session.isContinuation($0) }
        var report: SensitivityReport
        switch mode {
        case .insert:
            let result = CounterfactualInsertion.run(lists: lists, examples: examples, exampleCount: request.exampleCount, seed: request.seed,
                                                     isContinuation: continuation, pieceText: pieceText, probability: probability)
            if request.exampleCount > candidates.count {
                notes.append("\(request.exampleCount) examples per term were asked for, more than the \(candidates.count) \(description); all \(candidates.count) are used.")
            }
            report = SensitivityReport(mode: .insert, class: className, lists: result.lists, availableExamples: candidates.count,
                                       usedExamples: result.used.count, requestedExamples: request.exampleCount, maskToken: nil,
                                       evaluatedSequences: result.evaluatedCount, seed: request.seed)
        case .mask:
            let maskID = model.maskTokenID
            let result = TermMasking.run(lists: lists, examples: examples, maskID: maskID, isContinuation: continuation,
                                         pieceText: pieceText, probability: probability)
            report = SensitivityReport(mode: .mask, class: className, lists: result.lists, availableExamples: candidates.count,
                                       usedExamples: candidates.count, requestedExamples: nil, maskToken: session.term(Int(maskID)),
                                       evaluatedSequences: result.evaluatedCount, seed: request.seed)
        }
        report.evaluationSeconds = evaluationSeconds
        report.examplesPerSecond = evaluationSeconds > 0 ? Double(report.evaluatedSequences) / evaluationSeconds : 0
        return SensitivityOutcome(report: report, notes: notes)
    }
}
