import Foundation
import Analysis
import Rendering
import Probing
import TextData
import Services
import Workspace

/// The self-contained HTML page of `salience report` and the demo.
enum ReportPage {
    struct Settings {
        var positions: [Int]
        var sliceDescription: String
        var salience: SalienceSpecification
        var representation: RepresentationOptions
        var clusterCount: Int
        /// k-means restarts (the lowest inertia wins).
        var initializationCount: Int = 10
        var truth: TruthSubset?
        var truthDescription: String = ""
        var perplexity: Double = 30
        var seed: UInt64
        var misclassifiedCount: Int = 3
        /// Sensitivity experiments to show (insert and / or mask), already run.
        var sensitivity: [SensitivityReport] = []
        /// A shortcut search to show, already run.
        var shortcuts: ShortcutReport?
        /// The faithfulness evaluation to show, already run, with a description of its examples (e.g. `test`).
        var faithfulness: (report: FaithfulnessReport, slice: String)?
        /// The demo's fix-it step (FIND), if it ran.
        var fixIt: FixItSummary? = nil
    }

    /// Builds the page: recipe, accuracy, comparison, clusters with word clouds, the map with search, neighbours.
    static func build(session: WorkspaceSession, settings: Settings, progress: (String) -> Void = { _ in }) throws -> String {
        let record = session.model.record
        let recipe = record.recipe
        var page = HTMLReport(title: "salience report", subtitle: "\(session.dataset.sourcePath) · model \(recipe.kind) \(record.fingerprint.prefix(16)) · \(settings.sliceDescription)")

        page.addHeading("Run recipe")
        let specification = settings.salience
        page.addTable(header: ["setting", "value"], rows: [
            ["data", session.dataset.sourcePath], ["examples", String(session.dataset.examples.count)],
            ["classes", session.classes.joined(separator: ", ")], ["model", "\(recipe.kind), fingerprint \(record.fingerprint)"],
            ["embeddings from", recipe.checkpointDirectory], ["added tokens", recipe.addedTokens.joined(separator: ", ")],
            ["training", "\(recipe.epochCount) epochs at most, batch \(recipe.batchSize), learning rate \(recipe.learningRate), patience \(recipe.patience), seed \(recipe.seed)"],
            ["salience", specification.integrates ? "\(specification.method): \(specification.steps) steps, \(specification.quadrature), baseline \(specification.baseline)" : specification.method],
            ["target", specification.target], ["representation", "\(settings.representation.kind.rawValue), top-k \(settings.representation.topK.map(String.init) ?? "all")"],
            ["slice", settings.sliceDescription], ["k-means", "k = \(settings.clusterCount), n_init \(settings.initializationCount), seed \(settings.seed)"],
        ])

        progress("accuracy")
        page.addHeading("Accuracy")
        var accuracyRows: [[String]] = []
        for split in Split.allCases {
            let positions = session.dataset.examples.indices.filter { session.dataset.examples[$0].split == split }
            guard !positions.isEmpty else { continue }
            let metrics = Evaluation.metrics(session: session, positions: positions)
            accuracyRows.append([split.rawValue, String(metrics.n), fixed(metrics.accuracy, 3)]
                                + metrics.classes.map { "\(fixed($0.precision, 2)) / \(fixed($0.recall, 2))" })
        }
        page.addTable(header: ["split", "examples", "accuracy"] + session.classes.map { "\($0): precision / recall" }, rows: accuracyRows)

        let maps = try session.maps(specification, positions: settings.positions)
        if let truth = settings.truth {
            progress("comparison")
            page.addHeading("Shortcut check")
            let comparison = try Reports.comparison(session: session, positions: settings.positions, k: settings.clusterCount, nInit: settings.initializationCount,
                                                    topK: settings.representation.topK, seed: settings.seed, truth: truth, requested: specification)
            page.addParagraph("For every representation, the cluster (k = \(settings.clusterCount)) with the highest precision against the truth subset \(settings.truthDescription) (\(comparison.rows.first?.truthCount ?? 0) examples).")
            page.addTable(header: ["representation", "method", "top-k", "best cluster size", "precision", "recall"], rows: comparison.rows.map {
                [$0.representation, $0.method, $0.topK.map(String.init) ?? "—", "\($0.size) (\(percent($0.fraction)))", fixed($0.precision), fixed($0.recall)]
            })
        }

        progress("clusters")
        page.addHeading("Clusters")
        var request = ClusterRequest(clusterCount: settings.clusterCount, representation: settings.representation, salience: specification)
        request.initializationCount = settings.initializationCount
        request.seed = settings.seed
        request.topTermCount = 40
        let clusters = try ClusterService(session: session).cluster(request, positions: settings.positions, maps: maps)
        page.addSVGGrid(Pictures.wordClouds(clusters, seed: settings.seed).map { (svg: $0.svg, caption: "cluster \($0.cluster.id): \($0.cluster.topTerms.prefix(5).map(\.term).joined(separator: ", "))") })
        let byID = Dictionary(uniqueKeysWithValues: settings.positions.map { (session.dataset.examples[$0].id, $0) })
        for cluster in clusters.clusters {
            page.addHeading("Cluster \(cluster.id): \(cluster.size) examples (\(percent(cluster.fraction)))", level: 3)
            let mix = session.classes.map { "\($0): \(cluster.labelCounts[$0] ?? 0) labelled, \(cluster.predictionCounts[$0] ?? 0) predicted" }.joined(separator: "; ")
            page.addParagraph("Top terms: \(cluster.topTerms.prefix(5).map { "\($0.term) (\(fixed(Double($0.weight), 3)))" }.joined(separator: ", ")). \(mix).")
            let marked = cluster.topTerms.prefix(5).map(\.term).filter { !$0.hasPrefix("##") }
            page.addExamples(cluster.exampleIds.prefix(4).map { id in
                let position = byID[id]!
                return ReportExample(id: id, text: session.dataset.examples[position].text,
                                     detail: "label \(session.dataset.examples[position].label), predicted \(session.classes[session.predictions[position]])",
                                     markedTerms: marked)
            })
        }

        progress("t-SNE map")
        page.addHeading("Map")
        do {
            let map = try TSNEMapService(session: session).map(positions: settings.positions, maps: maps, representation: settings.representation, salience: specification,
                                      perplexity: settings.perplexity, seed: settings.seed, clusterCount: settings.clusterCount)
            page.addParagraph("Each point is one example, placed by t-SNE on its \(settings.representation.kind.rawValue) representation and coloured by its cluster. Hover a point for its text; type a word to mark the examples that contain it.")
            page.addSearchBox()
            page.addSVG(try Pictures.scatter(map, coloring: .cluster, session: session, positions: settings.positions,
                                             title: "t-SNE of \(settings.positions.count) examples (\(settings.sliceDescription))"))
        } catch let error as WorkspaceError {
            page.addParagraph("No map: \(error.message)")
        }

        progress("neighbours")
        let wrong = settings.positions.filter { session.predictions[$0] != session.label(at: $0) }
            .sorted { session.probabilities[$0][session.predictions[$0]] > session.probabilities[$1][session.predictions[$1]] }
        if !wrong.isEmpty {
            page.addHeading("Misclassified examples and their nearest training neighbours")
            page.addParagraph("The most confidently wrong predictions of the slice, each with the training examples (labelled as the wrong prediction) whose salience looks most like it.")
            let training = session.dataset.examples.indices.filter { session.dataset.examples[$0].split == .train }
            for query in wrong.prefix(settings.misclassifiedCount) {
                let pool = training.filter { session.label(at: $0) == session.predictions[query] }
                guard !pool.isEmpty else { continue }
                let report = try NeighborService(session: session).neighbors(of: query, pool: pool, count: 3, representation: settings.representation, salience: specification)
                page.addHeading("\(report.query.id): labelled \(report.query.label), predicted \(report.query.prediction) (p = \(fixed(Double(report.query.probability), 2)))", level: 3)
                page.addExamples([ReportExample(id: report.query.id, text: report.query.text, detail: "top terms: \(report.query.topTerms.joined(separator: ", "))", markedTerms: report.query.topTerms.filter { !$0.hasPrefix("##") })]
                                 + report.neighbors.map { ReportExample(id: $0.id, text: $0.text, detail: "similarity \(fixed(Double($0.similarity), 3)); shared: \($0.sharedTerms.joined(separator: ", "))", markedTerms: $0.sharedTerms.filter { !$0.hasPrefix("##") }) })
            }
        }
        addSensitivity(settings.sensitivity, to: &page)
        addShortcuts(settings.shortcuts, to: &page)
        addFaithfulness(settings.faithfulness, to: &page)
        addFixIt(settings.fixIt, to: &page)
        return page.html()
    }

    /// The "Sensitivity" section: per experiment the paper-style table, the per-term table and the throughput.
    static func addSensitivity(_ reports: [SensitivityReport], to page: inout HTMLReport) {
        guard !reports.isEmpty else { return }
        page.addHeading("Sensitivity")
        page.addParagraph("What the model reacts to: each seed term inserted into test examples not of the class (the change of p(class) should be positive if the model relies on it), or masked where it occurs in test examples of the class (negative).")
        for report in reports {
            let summary = Reports.sensitivitySummary(report)
            let title = report.mode == .insert
                ? "Insert into \(report.usedExamples) test examples not of class \(report.class)"
                : "Mask with \(report.maskToken ?? "?") in \(report.usedExamples) test examples of class \(report.class)"
            page.addHeading(title, level: 3)
            page.addTable(header: summary.header, rows: summary.rows, caption: "Mean change of p(\(report.class)) per seed list (standard deviation across terms).")
            let terms = Reports.termRows(report)
            page.addTable(header: terms.header, rows: terms.rows, caption: "Per term.")
            page.addParagraph(Reports.throughputFooter(report))
        }
    }
}
