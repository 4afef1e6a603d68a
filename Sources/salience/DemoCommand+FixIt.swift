import Foundation
import Models
import Rendering
import Services
import TextData
import Workspace

/// The "fix it" step of the demo (FIND): the features whose clouds hold the planted tokens are
/// disabled, the head is retrained, and the model is measured again.
struct FixItSummary: Codable {
    /// One measurement before and after.
    struct Row: Codable {
        var measure: String
        var before: Double
        var after: Double
    }
    /// The terms whose features were disabled.
    var terms: [String]
    /// The share of relevance mass on the terms' n-grams a feature needs to be disabled (`--min-share`).
    var minimumShare: Double
    /// The disabled features, by index, and the share of each one's relevance mass on the terms' n-grams.
    var disabledFeatures: [Int]
    var termShares: [Double]
    /// The features `--matching COMMON,CLASS_0` alone would select (same `--min-share`), by index.
    var commonClassZeroFeatures: [Int]
    /// Model versions: the trained model, the one with features disabled, the one with its head retrained.
    var trainedFingerprint: String
    var disabledFingerprint: String
    var fixedFingerprint: String
    /// Seconds of `features` over the training examples and of the head retraining.
    var featuresSeconds: Double
    var headSeconds: Double
    /// The before/after table.
    var rows: [Row]
    /// Word clouds (SVG) of the first disabled features, for the report.
    var clouds: [String]

    /// The table as text.
    func table() -> String {
        var table = TextTable(["measure", "before", "after"], alignments: [.left, .right, .right])
        for row in rows { table.add([row.measure, fixed(row.before, 3), fixed(row.after, 3)]) }
        return table.render()
    }
}

extension DemoCommand {
    /// The fix-it step for a CNN (nil, with a note, for other families), announced through `step`.
    static func fixItStep(workspace: Workspace, trained: WorkspaceSession, className: String, seed: UInt64, out: String,
                          step: (String) -> Void) throws -> FixItSummary? {
        step("Fix it (FIND): disable the features with ≥ \(FeatureService.defaultMinimumShare) of their relevance mass on n-grams holding a planted token, retrain the layers after them on the examples without those tokens, measure again")
        guard trained.model.classifier is KimCNN else {
            Console.log("  skipped: disabling features needs a CNN (family cnn)")
            return nil
        }
        let summary = try fixIt(workspace: workspace, trained: trained, className: className, seed: seed, out: out)
        Console.log(summary.table())
        return summary
    }

    /// Disables the features matching the planted tokens, retrains the head, measures both
    /// versions, leaves the trained model current, and writes features.json, features.html,
    /// fix-it.json and fix-it.txt into `out`.
    static func fixIt(workspace: Workspace, trained: WorkspaceSession, className: String, seed: UInt64, out: String) throws -> FixItSummary {
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        let terms = ShortcutInjector.tokens
        let pairTerms = [ShortcutInjector.commonToken, ShortcutInjector.classZeroToken]
        let minimumShare = FeatureService.defaultMinimumShare
        var clock = Date()
        let service = FeatureService(session: trained)
        let report = try service.report(exampleCount: 2000, ngramCount: 10, seed: seed, shareTerms: terms)
        let featuresSeconds = Date().timeIntervalSince(clock)
        let picked = try service.features(matching: terms, minimumShare: minimumShare, in: report)
        let shareOf = Dictionary(uniqueKeysWithValues: report.features.map { ($0.index, $0.termShare ?? 0) })
        let pairReport = try service.report(exampleCount: 2000, ngramCount: 10, seed: seed, shareTerms: pairTerms)
        let pairPicked = (try? service.features(matching: pairTerms, minimumShare: minimumShare, in: pairReport)) ?? []
        Console.log("  --matching \(pairTerms.joined(separator: ",")) --min-share \(minimumShare) alone selects \(pairPicked.count): \(pairPicked.map(String.init).joined(separator: ","))")
        try OutputFile.write(Console.jsonText(report), to: path("features.json"))
        try OutputFile.write(FeatureCardsPage.build(report, top: 30, workspace: (out as NSString).appendingPathComponent("workspace"), seed: seed),
                             to: path("features.html"))
        Console.log("  features over \(report.exampleCount) training examples in \(fixed(featuresSeconds, 2)) s; --matching \(terms.joined(separator: ",")) --min-share \(minimumShare) selects \(picked.count): \(picked.map(String.init).joined(separator: ","))")

        let disabled = try ModelVersionService(session: trained).disable(features: picked, classIndex: nil)
        let disabledSession = try WorkspaceSession(workspace: workspace, modelVersion: disabled.record.fingerprint)
        var options = CNNFamily().traits.defaultTrainingOptions
        options.seed = seed
        clock = Date()
        let fixedOutcome = try ModelVersionService(session: disabledSession).retrainHead(options: options, excludingTerms: terms)
        let headSeconds = fixedOutcome.report?.seconds ?? Date().timeIntervalSince(clock)
        let fixedSession = try WorkspaceSession(workspace: workspace, modelVersion: fixedOutcome.record.fingerprint)
        try workspace.makeCurrent(trained.model.record.fingerprint)
        Console.log("  disabled → \(disabled.record.fingerprint.prefix(12)); head retrained in \(fixed(headSeconds, 2)) s → \(fixedOutcome.record.fingerprint.prefix(12))")

        let before = try measurements(trained, className: className, seed: seed, out: out)
        let after = try measurements(fixedSession, className: className, seed: seed, out: out)
        let byIndex = Dictionary(uniqueKeysWithValues: report.features.map { ($0.index, $0) })
        let clouds = picked.prefix(6).compactMap { byIndex[$0] }.map { feature in
            WordCloudLayout(words: feature.ngrams.filter { $0.relevance > 0 }.map { (word: $0.text, weight: Float($0.relevance)) },
                            width: 480, height: 260, seed: seed &+ UInt64(feature.index), title: "feature \(feature.index) · width \(feature.width)").svg()
        }
        let summary = FixItSummary(terms: terms, minimumShare: minimumShare, disabledFeatures: picked, termShares: picked.map { shareOf[$0]! },
                                   commonClassZeroFeatures: pairPicked, trainedFingerprint: trained.model.record.fingerprint,
                                   disabledFingerprint: disabled.record.fingerprint, fixedFingerprint: fixedOutcome.record.fingerprint,
                                   featuresSeconds: featuresSeconds, headSeconds: headSeconds,
                                   rows: before.map { name, value in FixItSummary.Row(measure: name, before: value, after: after.first { $0.0 == name }!.1) },
                                   clouds: clouds)
        try OutputFile.write(Console.jsonText(summary), to: path("fix-it.json"))
        try OutputFile.write(summary.table() + "\n", to: path("fix-it.txt"))
        let cloudDirectory = path("feature-clouds")
        try? FileManager.default.createDirectory(atPath: cloudDirectory, withIntermediateDirectories: true)
        for (feature, svg) in zip(picked, clouds) {
            try OutputFile.write(svg, to: (cloudDirectory as NSString).appendingPathComponent("feature-\(feature).svg"))
        }
        return summary
    }

    /// Test accuracies (all, untouched, rule examples against their label and against
    /// `originalLabel`), the change of p(class) when `COMMON + CLASS_0` is inserted, and the best
    /// precision of a k = 3 cluster against shortcut=rule0 among the test examples predicted `className`
    /// (over the salience representations, and over every representation).
    /// The representations built from salience maps (the others, pmi, avg-emb and cls, do not change with the maps).
    static let salienceRepresentations: Set<String> = ["vocab", "emb"]

    static func measurements(_ session: WorkspaceSession, className: String, seed: UInt64, out: String) throws -> [(String, Double)] {
        let examples = session.dataset.examples
        let test = examples.indices.filter { examples[$0].split == .test }
        func accuracy(_ positions: [Int], label: (Int) -> Int?) -> Double {
            let scored = positions.compactMap { position in label(position).map { session.predictions[position] == $0 } }
            return Double(scored.filter { $0 }.count) / Double(max(scored.count, 1))
        }
        let shortcut = { (position: Int) in examples[position].metadata[ShortcutInjector.shortcutColumn] ?? "none" }
        let untouched = test.filter { shortcut($0) == "none" }
        let rule = test.filter { shortcut($0).hasPrefix("rule") }
        let original = { (position: Int) -> Int? in examples[position].metadata[ShortcutInjector.originalLabelColumn].flatMap(session.dataset.classIndex(of:)) }

        let pairPath = (out as NSString).appendingPathComponent("shortcut-pair.txt")
        try OutputFile.write("\(ShortcutInjector.commonToken) + \(ShortcutInjector.classZeroToken)\n", to: pairPath)
        var request = SensitivityRequest(className: className, salience: SalienceSpecification(method: "grad-l2"))
        request.seeds = [pairPath]
        request.seed = seed
        let insertion = try SensitivityService(session: session).sensitivity(request, modes: [.insert]).first?.report
        let pairChange = insertion?.lists.last?.terms.last?.change ?? .nan

        let classIndex = try session.classIndex(named: className)
        let predicted = test.filter { session.predictions[$0] == classIndex }
        _ = try session.maps(SalienceSpecification(method: "grad-l2"), positions: predicted)
        let truth = TruthSubset.filter(try SliceFilter(parsing: "shortcut=rule0"), expression: "shortcut=rule0")
        let comparison = try Reports.comparison(session: session, positions: predicted, k: 3, nInit: 10, topK: 5, seed: seed,
                                                truth: truth, requested: SalienceSpecification(method: "grad-l2"))
        return [
            ("test accuracy", accuracy(test) { session.label(at: $0) }),
            ("untouched test accuracy (shortcut=none)", accuracy(untouched) { session.label(at: $0) }),
            ("rule test accuracy vs label", accuracy(rule) { session.label(at: $0) }),
            ("rule test accuracy vs originalLabel", accuracy(rule, label: original)),
            ("rule0 test accuracy vs originalLabel", accuracy(rule.filter { shortcut($0) == "rule0" }, label: original)),
            ("rule1 test accuracy vs originalLabel", accuracy(rule.filter { shortcut($0) == "rule1" }, label: original)),
            ("p(\(className)) change inserting COMMON + CLASS_0", pairChange),
            ("compare: best precision vs shortcut=rule0", comparison.rows.filter { salienceRepresentations.contains($0.representation) }.map(\.precision).max() ?? 0),
            ("compare: best precision, any representation", comparison.rows.map(\.precision).max() ?? 0),
        ]
    }
}
