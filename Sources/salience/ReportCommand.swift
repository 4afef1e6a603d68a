import ArgumentParser
import Probing
import Services
import Workspace

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "One self-contained HTML page: recipe, accuracy, shortcut check, clusters with word clouds, the map, neighbours.")

    @Option(help: "The HTML file to write.")
    var out: String = "report.html"

    @OptionGroup var clustering: ClusteringOptions<FiveClusters>

    @Option(help: "t-SNE perplexity.")
    var perplexity: Double = 30

    @Option(help: "Also run the sensitivity experiments (insert and mask, seed lists salience and pmi plus --seeds) for this class and add them to the page.")
    var sensitivityClass: String?

    @Option(help: ArgumentHelp("With --sensitivity-class: a further seed list file (repeatable).", valueName: "FILE"))
    var seeds: [String] = []

    @Flag(help: "Also search for shortcut candidates (salience shortcuts: k 2-8, the top 10 verified when there is a model) and add them to the page.")
    var shortcuts = false

    @OptionGroup var truth: TruthOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var faithfulness: FaithfulnessReportOptions

    func validate() throws {
        guard perplexity > 0 else { throw ValidationError("--perplexity must be positive, got \(perplexity).") }
        guard seeds.isEmpty || sensitivityClass != nil else { throw ValidationError("--seeds needs --sensitivity-class C, the class the experiments change.") }
    }

    func run() throws {
        try Console.run {
            let input = try analysis.open()
            let session = input.session
            try input.checkClusterCount(clustering.k)
            var settings = ReportPage.Settings(positions: input.positions, sliceDescription: analysis.slice.description,
                                               salience: input.specification, representation: analysis.representation.options,
                                               clusterCount: clustering.k, truth: try truth.subset(), perplexity: perplexity,
                                               seed: analysis.common.seed)
            settings.initializationCount = clustering.nInit
            settings.truthDescription = truth.description
            if let sensitivityClass {
                Console.log("report: sensitivity")
                var request = SensitivityRequest(className: sensitivityClass, salience: settings.salience)
                request.seeds = ["salience", "pmi"] + seeds
                request.seed = analysis.common.seed
                let outcomes = try SensitivityService(session: session).sensitivity(request, modes: SensitivityMode.allCases)
                for note in outcomes[0].notes { Console.log(note) }
                settings.sensitivity = outcomes.map(\.report)
            }
            if shortcuts { settings.shortcuts = try Self.shortcutSearch(session: session, positions: input.positions, settings: settings, split: analysis.slice.split.split) }
            settings.faithfulness = try faithfulness.evaluate(session: session, slice: analysis.slice, seed: analysis.common.seed)
            let html = try ReportPage.build(session: session, settings: settings) { Console.log("report: \($0)") }
            try OutputFile.write(html, to: out)
            analysis.common.emit(["file": out]) { "Wrote \(out)." }
        }
    }
}
