import ArgumentParser
import Services

struct DisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "A new model version with CNN features switched off (FIND); then `salience train --head-only` retrains the layers after them.")

    @Option(help: ArgumentHelp("Feature indices to disable, comma-separated (as salience features lists them).", valueName: "12,40,77"))
    var features: String?

    @Option(help: ArgumentHelp("Disable every feature whose relevance mass lies at least --min-share on n-grams holding one of these terms (whole tokens, any case).", valueName: "TERM,…"))
    var matching: String?

    @Option(name: .customLong("min-share"), help: ArgumentHelp("With --matching: the share of a feature's LRP relevance over its winning n-grams that must fall on n-grams holding a term; 0 selects every feature with a term among its top --ngrams n-grams.", valueName: "0…1"))
    var minimumShare: Double = FeatureService.defaultMinimumShare

    @Option(name: .customLong("class"), help: "Disable the features for this class only (models without a hidden layer).")
    var className: String?

    @Option(help: "With --matching: training examples to read the n-grams from.")
    var examples: Int = 2000

    @Option(help: "With --matching: n-grams per feature searched for the terms.")
    var ngrams: Int = 10

    @OptionGroup var common: WorkspaceOptions
    @OptionGroup var version: ModelVersionOptions

    struct Summary: Codable {
        var fingerprint: String
        var parentFingerprint: String
        var disabledFeatures: [Int]
        /// With --matching: each disabled feature's share of relevance mass on the terms' n-grams.
        var termShares: [Double]?
        var className: String?
        var reused: Bool
    }

    func validate() throws {
        guard (features == nil) != (matching == nil) else {
            throw ValidationError("disable needs exactly one of --features 12,40 or --matching TERM,….")
        }
        guard examples >= 1, ngrams >= 1 else { throw ValidationError("--examples and --ngrams must be at least 1.") }
        guard (0...1).contains(minimumShare) else { throw ValidationError("--min-share must be between 0 and 1, and \(minimumShare) is not.") }
    }

    func run() throws {
        try Console.run {
            let session = try common.session(modelVersion: version.modelVersion)
            let classIndex = try className.map { (name) throws in try session.classIndex(named: name) }
            let service = FeatureService(session: session)
            let indices: [Int]
            var shares: [Double]?
            if let features {
                indices = try features.split(separator: ",").map { item in
                    let text = String(item).trimmingWhitespace()
                    guard let index = Int(text) else {
                        throw CommandError("--features takes comma-separated feature numbers, and \(text) is not one.")
                    }
                    return index
                }
            } else {
                let terms = Training.tokenList(matching ?? "")
                let report = try service.report(exampleCount: examples, ngramCount: ngrams, seed: common.seed, shareTerms: terms)
                indices = try service.features(matching: terms, minimumShare: minimumShare, in: report)
                let byIndex = Dictionary(uniqueKeysWithValues: report.features.map { ($0.index, $0.termShare ?? 0) })
                shares = indices.map { byIndex[$0]! }
            }
            let outcome = try ModelVersionService(session: session).disable(features: indices, classIndex: classIndex)
            let summary = Summary(fingerprint: outcome.record.fingerprint, parentFingerprint: outcome.parentFingerprint,
                                  disabledFeatures: indices, termShares: shares, className: className, reused: outcome.reused)
            common.emit(summary) {
                let scope = className.map { " for class \($0)" } ?? ""
                let how = outcome.reused ? "found in the workspace" : "stored"
                return "Disabled \(indices.count) features\(scope): \(indices.map(String.init).joined(separator: ", ")).\n"
                    + "Model \(outcome.record.fingerprint.prefix(12)) (parent \(outcome.parentFingerprint.prefix(12))) \(how) and made current;"
                    + " retrain the layers after the features with `salience train --head-only`."
            }
        }
    }
}
