import Foundation
import LinearAlgebra
import Models
import Probing
import TextData
import Workspace

/// Is the salience faithful to the model? Comprehensiveness, sufficiency, deletion and
/// insertion curves, the word-replacement attack and rationale agreement of several methods on
/// the same examples (docs/METHOD.md §10). The metrics live in `Probing`; this service gathers
/// the maps (computing missing ones), the examples and the model.
public struct FaithfulnessService: Sendable {
    /// The session whose model and maps are evaluated.
    public let session: WorkspaceSession

    /// Faithfulness of `session`'s salience.
    public init(session: WorkspaceSession) { self.session = session }

    /// Runs `request`; nothing is written to the workspace except the maps of built-in methods that were missing.
    /// - Complexity: the missing maps plus one model call per distinct perturbed input (about 60 per example and method).
    public func evaluate(_ request: FaithfulnessRequest, progress: (Int, Int) -> Void = { _, _ in }) throws(WorkspaceError) -> FaithfulnessOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        try check(request)
        let scorer = try modelForScoring(request)
        let available = try session.positions(split: request.split, filter: request.filter, filterText: request.filterText)
        let positions = CounterfactualInsertion.chooseExamples(availableCount: available.count, exampleCount: request.exampleCount,
                                                              seed: request.options.seed).map { available[$0] }
        // Every method is checked before any map is computed, so a bad name leaves the workspace unchanged.
        let specifications = try request.methods.map { name throws(WorkspaceError) -> SalienceSpecification? in
            try specification(named: name, checkpointGiven: request.checkpointDirectory != nil)
        }
        var methods: [FaithfulnessMethod] = []
        var sessionTokens: [[Int32]]?
        for (name, specification) in zip(request.methods, specifications) {
            guard let specification else { methods.append(.random); continue }
            let maps = try session.maps(specification, positions: positions, progress: progress)
            if sessionTokens == nil { sessionTokens = maps.map(\.tokenIDs) }
            methods.append(FaithfulnessMethod(name: name, tokenScores: maps.map(\.scores)))
        }
        let tokens = sessionTokens ?? positions.map(session.tokenIDs(at:))
        var notes: [String] = []
        let rationales = try rationaleWords(request, positions: positions, tokens: tokens, notes: &notes)
        var examples: [FaithfulnessExample] = []
        for (slot, position) in positions.enumerated() {
            let words = WordUnits(tokenIDs: tokens[slot], isSpecial: session.model.vocabulary.isSpecial, isContinuation: session.isContinuation)
            let modelTokens = try scorer.translate(tokens[slot], exampleID: session.dataset.examples[position].id)
            examples.append(FaithfulnessExample(tokenIDs: modelTokens, words: words, rationale: rationales[slot]))
        }
        let bands = request.options.replacement == .random ? scorer.frequencyBands(session: session) : nil
        let report = FaithfulnessEvaluation.run(
            examples: examples, methods: methods, options: request.options, maskID: scorer.maskID,
            replacement: { example, word, draw in
                bands?.replacement(for: examples[example].tokenIDs[examples[example].words.pieces[word][0]], draw: draw)
            },
            probability: { sequences in scorer.classifier.probabilities(of: sequences, batchSize: 256) })
        var result = report
        result.seconds = (clock.now - start).inSeconds
        result.examplesPerSecond = result.seconds > 0 ? Double(result.examples) / result.seconds : 0
        return FaithfulnessOutcome(report: result, notes: notes)
    }

    /// Refuses a request whose settings are out of range, naming the setting.
    private func check(_ request: FaithfulnessRequest) throws(WorkspaceError) {
        guard request.exampleCount >= 1 else {
            throw WorkspaceError("The number of examples must be at least 1, got \(request.exampleCount).",
                                 nextStep: .chooseValue(parameter: "exampleCount", advice: "at least 1 (500 by default)"))
        }
        guard !request.methods.isEmpty else {
            throw WorkspaceError("No salience method was named; give at least one, e.g. grad-l2,random.",
                                 nextStep: .chooseValue(parameter: "methods", advice: "grad-l2,grad-input,ig,random"))
        }
        let fractions = request.options.fractions
        guard !fractions.isEmpty, fractions.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            let shown = fractions.map { "\($0)" }.joined(separator: ",")
            throw WorkspaceError("The bins \(shown.isEmpty ? "(none)" : shown) are not fractions of the words in (0, 1]; use e.g. 0.01,0.05,0.1,0.2,0.5 (ERASER's).",
                                 nextStep: .chooseValue(parameter: "bins", advice: "fractions in (0, 1]"))
        }
        if let column = request.rationaleColumn, !session.dataset.metadataColumns.contains(column) {
            let columns = session.dataset.metadataColumns
            let detail = columns.isEmpty ? "it has no extra columns" : "its extra columns are \(columns.joined(separator: ", "))"
            throw WorkspaceError("The data file \(session.dataset.sourcePath) has no column \(column) for the rationale; \(detail).",
                                 nextStep: .chooseValue(parameter: "rationaleColumn", advice: columns.first ?? "a column of the data"))
        }
        if let duplicate = request.methods.first(where: { name in request.methods.filter { $0 == name }.count > 1 }) {
            throw WorkspaceError("The method \(duplicate) is named twice in the method list; name each once.",
                                 nextStep: .chooseValue(parameter: "methods", advice: "each method once"))
        }
    }

    /// The specification of a method name; nil for `random`. Throws for a name that is neither
    /// stored nor computable here.
    private func specification(named name: String, checkpointGiven: Bool) throws(WorkspaceError) -> SalienceSpecification? {
        if name == "random" { return nil }
        if session.model.isExternal {
            let imported = session.defaultSalienceSpecification
            guard name == imported.method else {
                throw WorkspaceError("The method \(name) is not stored in this workspace of imported maps and cannot be computed without the network; only the imported method \(imported.method) (and random) can be evaluated here.",
                                     nextStep: .chooseValue(parameter: "methods", advice: "\(imported.method),random"))
            }
            return imported
        }
        let specification = SalienceSpecification(method: name)
        do {
            try specification.validate(classes: session.classes)
        } catch {
            throw WorkspaceError("The method \(name) is neither stored for this model nor one this program computes: \(error.message)",
                                 nextStep: .chooseValue(parameter: "methods", advice: (SalienceSpecification.availableMethods + ["random"]).joined(separator: ", ")))
        }
        return specification
    }

    /// Per example, whether each word is in the rationale (nil without a column or with an empty cell); warns about rationale words missing from a text.
    private func rationaleWords(_ request: FaithfulnessRequest, positions: [Int], tokens: [[Int32]],
                                notes: inout [String]) throws(WorkspaceError) -> [[Bool]?] {
        guard let column = request.rationaleColumn else { return positions.map { _ in nil } }
        let dataset = session.dataset
        var missingCount = 0
        let result = zip(positions, tokens).map { position, ids -> [Bool]? in
            let example = dataset.examples[position]
            let wanted = (example.metadata[column] ?? "").split(separator: " ").map { $0.lowercased() }
            guard !wanted.isEmpty else { return nil }
            let words = WordUnits(tokenIDs: ids, isSpecial: session.model.vocabulary.isSpecial, isContinuation: session.isContinuation)
            let texts = words.pieces.map { pieces in
                pieces.map { session.term(Int(ids[$0])).replacingOccurrences(of: "##", with: "") }.joined().lowercased()
            }
            let missing = Set(wanted).subtracting(texts)
            if !missing.isEmpty {
                missingCount += 1
                if missingCount <= 20 {
                    notes.append("Line \(example.lineNumber) of \(dataset.sourcePath) (id \(example.id)): the rationale word\(missing.count == 1 ? "" : "s") \(missing.sorted().joined(separator: ", ")) of column \(column) \(missing.count == 1 ? "is" : "are") not in the text; \(missing.count == 1 ? "it is" : "they are") left out.")
                }
            }
            let set = Set(wanted)
            return texts.map { set.contains($0) }
        }
        if missingCount > 20 { notes.append("\(missingCount - 20) more examples name rationale words not in their text.") }
        return result
    }

    /// The network that scores perturbed inputs: the workspace's model, or for imported maps the `--checkpoint` folder.
    private func modelForScoring(_ request: FaithfulnessRequest) throws(WorkspaceError) -> FaithfulnessScorer {
        let model = session.model
        if let classifier = model.classifier, let tokenizer = model.tokenizer {
            if let directory = request.checkpointDirectory {
                throw WorkspaceError("--checkpoint \(directory) is for imported maps, but this workspace's model (\(model.record.recipe.kind)) is its own network; leave --checkpoint out.",
                                     nextStep: .chooseValue(parameter: "checkpoint", advice: "none"))
            }
            return FaithfulnessScorer(classifier: classifier, tokenizer: tokenizer, maskID: model.maskTokenID, translation: nil)
        }
        guard let directory = request.checkpointDirectory else {
            throw model.externalRefusal("The method \(model.importedRunName) cannot be checked against the model without the classifier it explains",
                                        remedy: "pass --checkpoint DIR with that classifier (a BERT checkpoint, or the folder `salience export --model` wrote)")
        }
        let loaded = try FaithfulnessScorer.loadCheckpoint(directory: directory, classes: session.classes, dataDescription: session.dataset.sourcePath)
        // Imported token ids index the imported vocabulary; the checkpoint's tokenizer gives the model's ids.
        var translation: [Int32] = []
        for id in 0..<model.vocabulary.count {
            translation.append(loaded.tokenizer.tokenID(model.vocabulary.term(id)) ?? -1)
        }
        return FaithfulnessScorer(classifier: loaded.classifier, tokenizer: loaded.tokenizer,
                                  maskID: loaded.maskID, translation: translation, vocabulary: model.vocabulary)
    }
}
