import Foundation
import Rendering
import Services

/// Turning analysis reports into SVG files.
enum Pictures {
    /// How `map` colours its points.
    enum Coloring {
        case cluster, label, prediction
        case regex(NSRegularExpression, String)

        init(parsing text: String) throws {
            switch text {
            case "cluster": self = .cluster
            case "label": self = .label
            case "prediction": self = .prediction
            default:
                guard text.hasPrefix("regex:") else {
                    throw CommandError("--color-by \(text) is unknown; use cluster, label, prediction or regex:RE.")
                }
                let pattern = String(text.dropFirst(6))
                do { self = .regex(try NSRegularExpression(pattern: pattern), pattern) } catch {
                    throw CommandError("--color-by regex:\(pattern) is not a valid regular expression; check its brackets and escapes.")
                }
            }
        }
    }

    /// The scatter plot of a t-SNE report.
    static func scatter(_ report: MapReport, coloring: Coloring, session: WorkspaceSession, positions: [Int], title: String) throws -> String {
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
        case .regex(let expression, let pattern):
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
            try write(svg, to: path)
            return path
        }
    }

    static func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandError("Cannot write \(path): \(error.localizedDescription)")
        }
    }
}
