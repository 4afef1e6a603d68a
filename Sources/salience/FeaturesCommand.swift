import ArgumentParser
import Services

struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "The CNN's pooled features ranked by how much they separate the classes, with the n-grams they respond to (FIND).")

    @Option(help: "Features to list (and cards on the --html page).")
    var top: Int = 20

    @Option(help: "Training examples to read the n-grams from (a seeded sample when there are more).")
    var examples: Int = 2000

    @Option(help: "N-grams kept per feature (its word cloud).")
    var ngrams: Int = 10

    @Option(help: ArgumentHelp("Also write one card per listed feature (word cloud, class bars, a checkbox that writes the disable command) to this HTML file.",
                               valueName: "OUT.html"))
    var html: String?

    @OptionGroup var common: WorkspaceOptions
    @OptionGroup var version: ModelVersionOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top).") }
        guard examples >= 1 else { throw ValidationError("--examples must be at least 1, got \(examples).") }
        guard ngrams >= 1 else { throw ValidationError("--ngrams must be at least 1, got \(ngrams).") }
    }

    func run() throws {
        try Console.run {
            let session = try common.session(modelVersion: version.modelVersion)
            let report = try FeatureService(session: session).report(exampleCount: examples, ngramCount: ngrams, seed: common.seed)
            if let html {
                try OutputFile.write(FeatureCardsPage.build(report, top: top, workspace: common.workspace, seed: common.seed), to: html)
                Console.log("Wrote \(min(top, report.features.count)) feature cards to \(html).")
            }
            var listed = report
            listed.features = Array(report.features.prefix(top))
            common.emit(listed) { FeatureCardsPage.table(listed) }
        }
    }
}
