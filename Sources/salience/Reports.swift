import Attribution
import Services
import Workspace

/// Tables shared by several commands and the demo.
enum Reports {
    /// The comparison over every stored salience method (plus `method`, computed when missing).
    static func comparison(session: WorkspaceSession, positions: [Int], k: Int, nInit: Int, topK: Int?, seed: UInt64,
                           truth: TruthSubset, requested: SalienceSpecification) throws -> ComparisonReport {
        var specifications = try session.availableSpecifications().filter { $0.target == "prediction" && $0.normalization == SalienceNormalization.none.rawValue }
        if !specifications.contains(requested) { specifications.insert(requested, at: 0) }
        return try ComparisonService(session: session).compare(clusterCount: k, initializationCount: nInit, topK: topK, seed: seed, truth: truth,
                                   specifications: specifications, positions: positions)
    }

    static func comparisonTable(_ report: ComparisonReport, slice: SliceOptions) -> String {
        var table = TextTable(["representation", "method", "top-k", "best cluster size", "precision", "recall"],
                              alignments: [.left, .left, .right, .right, .right, .right])
        for row in report.rows {
            table.add([row.representation, row.method, row.topK.map(String.init) ?? "—",
                       "\(row.size) (\(percent(row.fraction)))", fixed(row.precision), fixed(row.recall)])
        }
        let truthCount = report.rows.first?.truthCount ?? 0
        var text = "Shortcut check, k = \(report.k), \(report.n) examples of \(slice.description), \(truthCount) in the truth subset:\n\n" + table.render()
        if !report.skipped.isEmpty {
            text += "\n\nSkipped \(report.skipped.map(\.representation).joined(separator: ", ")): they need the model, and the salience maps in this workspace were imported."
        }
        return text
    }

    static func clusterTable(_ report: ClusterReport, session: WorkspaceSession, slice: SliceOptions) -> String {
        var table = TextTable(["cluster", "size", "top terms", "labels", "predictions"], alignments: [.right, .right, .left, .left, .left])
        func mix(_ counts: [String: Int]) -> String {
            session.classes.compactMap { name in counts[name].map { "\(name):\($0)" } }.joined(separator: " ")
        }
        for cluster in report.clusters {
            table.add([String(cluster.id), "\(cluster.size) (\(percent(cluster.fraction)))",
                       cluster.topTerms.map(\.term).joined(separator: ", "), mix(cluster.labelCounts), mix(cluster.predictionCounts)])
        }
        var text = "k-means, k = \(report.k), \(report.n) examples of \(slice.description), representation \(report.representation), method \(report.method), top-k \(report.topK.map(String.init) ?? "all"):\n\n" + table.render()
        if let truth = report.truth {
            text += "\n\nBest cluster against the truth subset (\(truth.truthCount) examples): cluster \(truth.bestCluster), size \(truth.size), precision \(fixed(truth.precision)), recall \(fixed(truth.recall))."
        }
        return text
    }

    static func neighborsTable(_ report: NeighborReport, anyLabel: Bool, pool: String) -> String {
        let query = report.query
        var text = "\(query.id): \(query.text)\nlabel \(query.label), prediction \(query.prediction) (p = \(fixed(Double(query.probability), 3))); top terms: \(query.topTerms.joined(separator: ", "))\n\n"
        text += "Nearest \(report.neighbors.count) of \(report.poolSize) \(pool) examples\(anyLabel ? "" : " labelled \(query.prediction)") by cosine similarity of the \(report.representation) representation (\(report.method)); * marks a term shared with the query:\n\n"
        var table = TextTable(["id", "similarity", "label", "pred", "top terms", "text"], alignments: [.left, .right, .left, .left, .left, .left])
        for neighbor in report.neighbors {
            let terms = neighbor.topTerms.map { neighbor.sharedTerms.contains($0) ? "*" + $0 : $0 }.joined(separator: ", ")
            table.add([neighbor.id, fixed(Double(neighbor.similarity), 3), neighbor.label, neighbor.prediction, terms, neighbor.text.snippet(60)])
        }
        return text + table.render()
    }
}
