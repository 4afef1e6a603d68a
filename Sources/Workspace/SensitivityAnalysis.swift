import Foundation
import LinearAlgebra
import Representation
import Probing
import TextData

/// What `salience sensitivity insert|mask` asks for (the mode is given to `sensitivity(_:modes:)`).
public struct SensitivityRequest: Sendable {
    /// The target class name.
    public var className: String
    /// The seed lists in order: `salience`, `pmi`, or a file path.
    public var seeds: [String] = ["salience", "pmi"]
    /// Insert: examples per term (all when larger than what is available).
    public var exampleCount: Int = 1000
    /// The salience method behind the `salience` list.
    public var salience: SalienceSpecification
    /// Whether special tokens and punctuation are kept out of the `salience` and `pmi` lists.
    public var excludeSpecial: Bool = true
    /// The split whose examples are changed.
    public var split: Split = .test
    /// Terms per generated list.
    public var termCount: Int = 10
    /// Fewest training examples a generated list's term must occur in.
    public var minimumCount: Int = 20
    /// Seed of the example choice and insert positions.
    public var seed: UInt64 = 0

    /// A request with the defaults above (docs/METHOD.md §7).
    public init(className: String, salience: SalienceSpecification) {
        self.className = className
        self.salience = salience
    }
}

/// A sensitivity report and the remarks to show with it (a smaller m than asked, skipped seed-file lines).
public struct SensitivityOutcome: Sendable {
    /// The report.
    public var report: SensitivityReport
    /// One sentence each.
    public var notes: [String]
}

extension WorkspaceSession {
    /// The seed lists of `request`, built from the training split (docs/METHOD.md §7.1), and notes on skipped file lines.
    /// - Complexity: O(training tokens) plus the salience maps of the class's training examples when `salience` is asked for.
    public func seedLists(_ request: SensitivityRequest, classIndex: Int) throws(WorkspaceError) -> (lists: [SeedList], notes: [String]) {
        guard let tokenizer = model.tokenizer else { preconditionFailure("seedLists on imported salience") }
        let vocabularySize = model.vocabulary.count
        let training = dataset.examples.indices.filter { dataset.examples[$0].split == .train }
        guard !training.isEmpty else { throw WorkspaceError("The data file \(dataset.sourcePath) has no training examples, which the salience and pmi seed lists are built from.") }
        let trainingTokens = training.map(tokenIDs(at:))
        let documentCounts = SeedListSelection.documentCounts(tokenIDs: trainingTokens, vocabularySize: vocabularySize)
        let excludedIDs = request.excludeSpecial ? excludedTokenIDs(punctuation: true) : []
        let excluded: (Int32) -> Bool = { id in excludedIDs.contains(id) || self.isContinuation(id) }
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
                throw WorkspaceError(error.message)
            }
        }
        var lists: [SeedList] = []
        for seed in request.seeds {
            switch seed {
            case "salience":
                let positions = training.filter { label(at: $0) == classIndex }
                guard !positions.isEmpty else { throw WorkspaceError("No training example has class \(className), so the salience seed list cannot be built; pass --seeds pmi or a file.") }
                let maps = try maps(request.salience, positions: positions)
                let rows = salienceVocabulary(maps: maps, topK: 5)
                let means = SeedListSelection.columnMeans(rowCount: rows.rowCount, columnCount: vocabularySize,
                                                          columnIndices: rows.columnIndices, values: rows.values)
                let ids = SeedListSelection.top(scores: means, documentCounts: documentCounts, minimumCount: request.minimumCount,
                                                termCount: request.termCount, excluded: excluded)
                lists.append(SeedList(name: "salience", origin: "highest column means of R_vocab (k = 5, \(request.salience.displayName)) over \(positions.count) training examples of class \(className), terms in ≥ \(request.minimumCount) training examples",
                                      terms: ids.map { SeedTerm(text: term(Int($0)), tokenID: $0) }))
            case "pmi":
                let scores = PMIRepresentation.scores(tokenIDs: trainingTokens, labels: training.map(label(at:)), classCount: classes.count,
                                                      vocabularySize: vocabularySize, minimumCount: request.minimumCount)[classIndex]
                let ids = SeedListSelection.top(scores: scores, documentCounts: documentCounts, minimumCount: request.minimumCount,
                                                termCount: request.termCount, excluded: excluded)
                lists.append(SeedList(name: "pmi", origin: "highest PMI(token; \(className)) over \(training.count) training examples, terms in ≥ \(request.minimumCount) of them",
                                      terms: ids.map { SeedTerm(text: term(Int($0)), tokenID: $0) }))
            default:
                lists.append(files[seed]!)
            }
        }
        return (lists, notes)
    }

    /// Whether token `id` continues a word (a `##` piece).
    public func isContinuation(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < model.vocabulary.count && model.vocabulary.term(Int(id)).hasPrefix("##")
    }

    /// The class index of a class name, or an error listing the classes.
    public func classIndex(named name: String, flag: String = "--class") throws(WorkspaceError) -> Int {
        guard let index = classes.firstIndex(of: name) else {
            throw WorkspaceError("\(flag) \(name) is not a class of \(dataset.sourcePath); the classes are \(classes.joined(separator: ", ")).")
        }
        return index
    }

    /// Runs the insert and / or mask experiments of `request` (docs/METHOD.md §7, paper Tables 4 and
    /// 5) on one set of seed lists, built once; one outcome per mode, in order.
    /// - Complexity: O(Σ terms × examples) model evaluations per mode, batched by length.
    public func sensitivity(_ request: SensitivityRequest, modes: [SensitivityMode]) throws(WorkspaceError) -> [SensitivityOutcome] {
        _ = try model.requireClassifier("Sensitivity experiments need the model to score changed examples",
                                        remedy: "train or load a model in this workspace first")
        let classIndex = try classIndex(named: request.className)
        guard request.exampleCount >= 1 else { throw WorkspaceError("--m \(request.exampleCount) must be at least 1.") }
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
        let inSplit = dataset.examples.indices.filter { dataset.examples[$0].split == request.split }
        let candidates = inSplit.filter { (label(at: $0) == classIndex) == (mode == .mask) }
        let className = classes[classIndex]
        let description = mode == .insert ? "\(request.split.rawValue) examples not of class \(className)" : "\(request.split.rawValue) examples of class \(className)"
        guard !candidates.isEmpty else {
            throw WorkspaceError("There are no \(description) to \(mode.rawValue) terms \(mode == .insert ? "into" : "in"); choose another --class.")
        }
        let examples = candidates.map(tokenIDs(at:))
        var evaluationSeconds = 0.0
        let clock = ContinuousClock()
        let probability: ([[Int32]]) -> [Float] = { sequences in
            let start = clock.now
            let matrix = self.model.probabilities(of: sequences)
            let elapsed = clock.now - start
            evaluationSeconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return (0..<matrix.rowCount).map { matrix[$0, classIndex] }
        }
        let pieceText: (Int32) -> String = { self.term(Int($0)) }
        let continuation: (Int32) -> Bool = { self.isContinuation($0) }
        var report: SensitivityReport
        switch mode {
        case .insert:
            let result = CounterfactualInsertion.run(lists: lists, examples: examples, exampleCount: request.exampleCount, seed: request.seed,
                                                     isContinuation: continuation, pieceText: pieceText, probability: probability)
            if request.exampleCount > candidates.count {
                notes.append("--m \(request.exampleCount) is more than the \(candidates.count) \(description); all \(candidates.count) are used.")
            }
            report = SensitivityReport(mode: .insert, class: className, lists: result.lists, availableExamples: candidates.count,
                                       usedExamples: result.used.count, requestedExamples: request.exampleCount, maskToken: nil,
                                       evaluatedSequences: result.evaluatedCount, seed: request.seed)
        case .mask:
            let maskID = model.maskTokenID
            let result = TermMasking.run(lists: lists, examples: examples, maskID: maskID, isContinuation: continuation,
                                         pieceText: pieceText, probability: probability)
            report = SensitivityReport(mode: .mask, class: className, lists: result.lists, availableExamples: candidates.count,
                                       usedExamples: candidates.count, requestedExamples: nil, maskToken: term(Int(maskID)),
                                       evaluatedSequences: result.evaluatedCount, seed: request.seed)
        }
        report.evaluationSeconds = evaluationSeconds
        report.examplesPerSecond = evaluationSeconds > 0 ? Double(report.evaluatedSequences) / evaluationSeconds : 0
        return SensitivityOutcome(report: report, notes: notes)
    }
}
