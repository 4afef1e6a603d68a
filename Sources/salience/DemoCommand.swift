import ArgumentParser
import Foundation
import Analysis
import Models
import Probing
import TextData
import Services
import Workspace

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The whole story on the bundled synthetic Rotten Tomatoes data: plant a shortcut, train, attribute, and find it.")

    @Option(name: .long, help: "Folder for every table, JSON file and picture.")
    var out: String = "demo-output"

    @OptionGroup var modelOptions: ModelFamilyOptions

    @Option(name: .long, help: "Folder of the fetched data (rotten-tomatoes.csv, models/); by default the data home (see data fetch --help).")
    var dataDirectory: String = DataHome.current.directory

    @Option(name: .long, help: "Maximum training epochs. \(ModelFamilyArgument.defaults { "\($0.epochCount)" })")
    var epochs: Int?

    @Option(name: .long, help: "Seed of every random choice.")
    var seed: UInt64 = 0

    func run() throws {
        try Console.run {
            let architecture = try modelOptions.architecture()
            let start = Date()
            let manager = FileManager.default
            try? manager.createDirectory(atPath: out, withIntermediateDirectories: true)
            func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
            func save(_ name: String, _ text: String) throws { try OutputFile.write(text, to: path(name)) }
            func step(_ text: String) { Console.log("\n▸ \(text)") }

            step("Fetching the Rotten Tomatoes snippets and the all-MiniLM-L6-v2 vocabulary and embeddings")
            let rawPath = try DataFetcher.fetchRottenTomatoes(dataDirectory: dataDirectory)
            let checkpoint = try DataFetcher.fetchMiniLM(dataDirectory: dataDirectory)

            step("Planting the shortcut: COMMON + CLASS_0 → label 0, COMMON + CLASS_1 → label 1 (docs/METHOD.md §2.4)")
            let raw = try Dataset.load(path: rawPath, options: DatasetOptions(seed: seed))
            let synthetic = try ShortcutInjector.inject(into: raw, rate: 0.2, distractorRate: 0.1, seed: seed)
            let syntheticPath = path("rotten-tomatoes-synth.csv")
            try synthetic.write(csvTo: syntheticPath)
            let dataset = try Dataset.load(path: syntheticPath, options: DatasetOptions(seed: seed))
            Console.log("  \(dataset.examples.count) examples written to \(syntheticPath)")

            let family = modelOptions.family
            var options = family.traits.defaultTrainingOptions
            options.epochCount = epochs ?? options.epochCount
            options.seed = seed
            step("Training \(family.name), \(family.summary): all-MiniLM-L6-v2, lr \(options.learningRate), batch \(options.batchSize), max length \(options.maximumLength)")
            let workspaceDirectory = path("workspace")
            // The planted tokens are added whole, so each is one token id with an embedding row of its own.
            let training = try Training.run(dataset: dataset, family: family, checkpoint: checkpoint, options: options,
                                            architecture: architecture, addedTokens: ShortcutInjector.tokens,
                                            workspaceDirectory: workspaceDirectory)
            try save("train.json", Console.jsonText(training))
            Console.log(training.table())

            let workspace = try Workspace.open(directory: workspaceDirectory, create: false)
            let session = try WorkspaceSession(workspace: workspace)
            step("Accuracy on the test split")
            var accuracyTable = TextTable(["test slice", "examples", "accuracy"], alignments: [.left, .right, .right])
            var accuracies: [String: ClassificationMetrics] = [:]
            for (name, expression) in [("all", nil), ("untouched (shortcut=none)", "shortcut=none"), ("rule0", "shortcut=rule0"),
                                       ("rule1", "shortcut=rule1"), ("distractor", "shortcut=distractor")] as [(String, String?)] {
                let positions = try session.positions(split: .test, filter: try expression.map { try SliceFilter(parsing: $0) }, filterText: expression)
                let metrics = Evaluation.metrics(session: session, positions: positions)
                accuracies[name] = metrics
                accuracyTable.add([name, String(metrics.n), fixed(metrics.accuracy, 3)])
            }
            try save("accuracy.json", Console.jsonText(accuracies))
            Console.log(accuracyTable.render())

            step("Grad-L2 salience for every test example")
            let testPositions = try session.positions(split: .test, filter: nil)
            let bar = ProgressBar("attribute grad-l2")
            let attributeStart = Date()
            _ = try session.maps(SalienceSpecification(method: "grad-l2"), positions: testPositions) { bar.update($0, of: $1) }
            bar.finish()
            Console.log("  \(testPositions.count) maps in \(fixed(Date().timeIntervalSince(attributeStart), 1)) s")

            let className = session.classes[0]
            let slice = try SliceOptions.parse(["--split", "test", "--where", "pred=\(className)"])
            let positions = try slice.positions(in: session)
            let truth = TruthSubset.filter(try SliceFilter(parsing: "shortcut=rule0"), expression: "shortcut=rule0")

            step("Comparing every representation (k = 3, test examples predicted as \(className), truth: shortcut=rule0)")
            let comparison = try Reports.comparison(session: session, positions: positions, k: 3, nInit: 10, topK: 5, seed: seed,
                                                    truth: truth, requested: SalienceSpecification(method: "grad-l2"))
            let comparisonText = Reports.comparisonTable(comparison, slice: slice)
            try save("compare.json", Console.jsonText(comparison))
            try save("compare.txt", comparisonText + "\n")

            step("Clustering the class-\(className) predictions by their salience vocabulary")
            var request = ClusterRequest(clusterCount: 3, representation: RepresentationOptions(kind: .vocab),
                                         salience: SalienceSpecification(method: "grad-l2"))
            request.seed = seed
            request.truth = truth
            request.topTermCount = 40
            // One k-means run serves the table (top 5 terms) and the word clouds (up to 40 terms).
            let salienceMaps = try session.maps(request.salience, positions: positions)
            let cloudReport = try ClusterService(session: session).cluster(request, positions: positions, maps: salienceMaps)
            let clusters = cloudReport.keepingTopTerms(5)
            let clusterText = Reports.clusterTable(clusters, session: session, slice: slice)
            try save("cluster-class\(className).json", Console.jsonText(clusters))
            try save("cluster-class\(className).txt", clusterText + "\n")

            step("Word clouds of the three clusters")
            let cloudPaths = try Pictures.writeWordClouds(cloudReport, directory: path("wordclouds"), seed: seed)
            Console.log("  " + cloudPaths.joined(separator: "\n  "))

            step("t-SNE map of the class-\(className) predictions, CLASS_0 highlighted")
            let map = try TSNEMapService(session: session).map(positions: positions, maps: salienceMaps,
                                      representation: RepresentationOptions(kind: .vocab), salience: request.salience,
                                      perplexity: 30, seed: seed, clusterCount: nil)
            let mapSVG = try Pictures.scatter(map, coloring: .regex(ShortcutInjector.classZeroToken), session: session, positions: positions,
                                              title: "t-SNE of the salience vocabulary, \(positions.count) test examples predicted \(className)")
            try OutputFile.write(mapSVG, to: path("map.svg"))
            try save("map.json", Console.jsonText(map))
            Console.log("  \(path("map.svg"))")

            step("Nearest training neighbours of a misclassified test example")
            let wrong = try session.positions(split: .test, filter: try SliceFilter(parsing: "wrong,shortcut=none"), filterText: "wrong,shortcut=none")
            let query = wrong.max { session.probabilities[$0][session.predictions[$0]] < session.probabilities[$1][session.predictions[$1]] }!
            let trainPool = try session.positions(split: .train, filter: nil).filter { session.label(at: $0) == session.predictions[query] }
            let neighbors = try NeighborService(session: session).neighbors(of: query, pool: trainPool, count: 5, representation: RepresentationOptions(kind: .vocab),
                                                  salience: request.salience)
            let neighborsText = Reports.neighborsTable(neighbors, anyLabel: false, pool: "train")
            try save("neighbors.json", Console.jsonText(neighbors))
            try save("neighbors.txt", neighborsText + "\n")
            Console.log(neighborsText)

            step("Sensitivity of p(\(className)): insert and mask the salience and pmi seed lists and the planted tokens (a line `A + B` puts both in)")
            let shortcutTerms = path("shortcut-terms.txt")
            try save("shortcut-terms.txt", "# The planted shortcut: each token alone, then the pair the labelling rule reads.\n\(ShortcutInjector.classZeroToken)\n\(ShortcutInjector.commonToken)\n\(ShortcutInjector.commonToken) + \(ShortcutInjector.classZeroToken)\n")
            var sensitivityRequest = SensitivityRequest(className: className, salience: request.salience)
            sensitivityRequest.seeds = ["salience", "pmi", shortcutTerms]
            sensitivityRequest.seed = seed
            // One set of seed lists serves both experiments.
            let outcomes = try SensitivityService(session: session).sensitivity(sensitivityRequest, modes: SensitivityMode.allCases)
            for outcome in outcomes {
                let mode = outcome.report.mode
                let text = Reports.sensitivityTables(outcome.report, notes: outcome.notes)
                try save("sensitivity-\(mode.rawValue).json", Console.jsonText(outcome.report))
                try save("sensitivity-\(mode.rawValue).txt", text + "\n")
                let pair = outcome.report.lists.last!.terms.map { "\($0.term) \($0.change.map { ($0 > 0 ? "+" : "") + fixed($0, 3) } ?? "—")" }
                Console.log("  \(mode.rawValue): " + outcome.report.lists.map { "\($0.name) \($0.mean.map { fixed($0, 3) } ?? "—")" }.joined(separator: ", ") + "; " + pair.joined(separator: ", "))
            }
            let sensitivityReports = outcomes.map(\.report)
            let faithfulnessReport = try faithfulnessStep(session: session, directory: out, seed: seed)

            let shortcutReport = try shortcutsStep(session: session, seed: seed, save: save, step: step)
            let fixIt = try Self.fixItStep(workspace: workspace, trained: session, className: className, seed: seed, out: out, step: step)
            step("The HTML report")
            var settings = ReportPage.Settings(positions: positions, sliceDescription: "test where pred=\(className)",
                                               salience: request.salience, representation: RepresentationOptions(kind: .vocab),
                                               clusterCount: 3, truth: truth, seed: seed)
            settings.truthDescription = "shortcut=rule0"
            settings.sensitivity = sensitivityReports
            settings.shortcuts = shortcutReport
            settings.faithfulness = (faithfulnessReport, "test")
            settings.fixIt = fixIt
            try save("report.html", try ReportPage.build(session: session, settings: settings))
            Console.log("  \(path("report.html"))")

            print(clusterText)
            print("")
            print(comparisonText)
            print("\nDemo finished in \(fixed(Date().timeIntervalSince(start), 1)) s; tables, JSON, word clouds (wordclouds/), map.svg, sensitivity-insert/mask.txt and report.html in \(out)/, workspace in \(workspaceDirectory)/.")
        }
    }
}
