import Foundation
import Rendering
import Services

/// Turning analysis reports into SVG files.
enum Pictures {
    /// The scatter plot of a t-SNE report.
    static func scatter(_ report: MapReport, coloring: PointColoring, session: WorkspaceSession, positions: [Int], title: String) throws -> String {
        var groupNames: [String]
        var groups: [Int]
        var highlighted = [Bool](repeating: false, count: report.points.count)
        switch coloring {
        case .cluster:
            let count = (report.points.compactMap(\.cluster).max() ?? 0) + 1
            groupNames = (0..<count).map { "cluster \($0)" }
            groups = report.points.map { $0.cluster ?? 0 }
        case .label:
            groupNames = session.classes.map { "label \($0)" }
            groups = report.points.map { session.classes.firstIndex(of: $0.label) ?? 0 }
        case .prediction:
            groupNames = session.classes.map { "predicted \($0)" }
            groups = report.points.map { session.classes.firstIndex(of: $0.prediction) ?? 0 }
        case .regex(let pattern):
            let expression = try coloring.expression()!
            groupNames = ["matches /\(pattern)/", "other"]
            groups = positions.map { position in
                let text = session.dataset.examples[position].text
                return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil ? 0 : 1
            }
            highlighted = groups.map { $0 == 0 }
        }
        let points = zip(report.points, positions).enumerated().map { index, pair in
            let (point, position) = pair
            return ScatterPoint(x: point.x, y: point.y, group: groups[index],
                                title: ScatterPlot.pointTitle(id: point.id, label: point.label, prediction: point.prediction,
                                                              snippet: session.dataset.examples[position].text),
                                highlighted: highlighted[index])
        }
        let plot = ScatterPlot(points: points, groupNames: groupNames, title: title,
                               subtitle: "perplexity \(fixed(report.perplexity, 0)), KL divergence \(fixed(report.klDivergence, 3))")
        return plot.svg()
    }

    /// The word cloud SVG of every cluster, words weighted by their mean value in the cluster.
    static func wordClouds(_ report: ClusterReport, seed: UInt64) -> [(cluster: ClusterEntry, svg: String)] {
        report.clusters.map { cluster in
            let words = cluster.topTerms.filter { $0.weight > 0 && $0.weight.isFinite }.map { (word: $0.term, weight: $0.weight) }
            let title = "Cluster \(cluster.id) · \(cluster.size) examples (\(percent(cluster.fraction)))"
            let layout = WordCloudLayout(words: words, width: 640, height: 400, seed: seed &+ UInt64(cluster.id), title: title)
            return (cluster, layout.svg())
        }
    }

    /// One word cloud per cluster into `directory` as `cluster-N.svg`; returns the file paths.
    static func writeWordClouds(_ report: ClusterReport, directory: String, seed: UInt64) throws -> [String] {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw CommandError("Cannot create the folder \(directory): \(error.localizedDescription)")
        }
        return try wordClouds(report, seed: seed).map { cluster, svg in
            let path = (directory as NSString).appendingPathComponent("cluster-\(cluster.id).svg")
            try OutputFile.write(svg, to: path)
            return path
        }
    }
}
