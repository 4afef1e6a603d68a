import Probing
import Rendering

extension Reports {
    /// The faithfulness table (one row per method), the bins, the comparison with random, notes and the cost footer.
    static func faithfulnessTables(_ report: FaithfulnessReport, notes: [String] = [], slice: String) -> String {
        let rows = faithfulnessRows(report)
        var table = TextTable(rows.header, alignments: [.left] + rows.header.dropFirst().map { _ in .right })
        for row in rows.rows { table.add(row) }
        let binHeader = ["method"] + report.fractions.map { "comp. \(percentText($0))" } + report.fractions.map { "suff. \(percentText($0))" }
        var bins = TextTable(binHeader, alignments: [.left] + binHeader.dropFirst().map { _ in .right })
        for method in report.methods {
            bins.add([method.method] + method.comprehensiveness.bins.map { fixed($0.mean, 3) } + method.sufficiency.bins.map { fixed($0.mean, 3) })
        }
        let removal = report.perturbation == .remove ? "deleted" : "masked"
        var text = "Faithfulness on \(report.examples) examples (\(slice)); words \(removal), attack replacing by \(report.replacement == .mask ? "the mask token" : "a same-frequency word"); p = the model's probability of its original prediction.\n"
        text += "comp. = p(x) − p(x without the top words), higher is better; suff. = p(x) − p(top words only), lower is better; AOPC = mean over the bins.\n"
        text += "deletion area: under p while removing the most relevant words first (lower is better); gap: least-relevant-first area minus it (higher is better); insertion area: under p while putting the most relevant words back first (higher is better); attack: share of predictions flipped by replacing the r most salient words.\n\n"
        text += table.render()
        text += "\n\nPer bin (fraction of the words, at least one word):\n\n" + bins.render()
        if let random = report.methods.first(where: { $0.method == "random" }) {
            let beating = report.methods.filter { $0.method != "random" }.map { method in
                let difference = method.comprehensiveness.aopc - random.comprehensiveness.aopc
                let clear = method.comprehensiveness.low > random.comprehensiveness.high
                return "\(method.method) \(difference >= 0 ? "+" : "")\(fixed(difference, 3))\(clear ? " (intervals apart)" : "")"
            }
            if !beating.isEmpty { text += "\n\nComprehensiveness AOPC against random: " + beating.joined(separator: ", ") + "." }
        }
        for note in notes { text += "\n\n" + note }
        text += "\n\nCost: \(report.modelCalls) distinct inputs scored (\(fixed(report.modelCallsPerExample, 1)) per example; \(report.requestedInputs) asked for before merging duplicates) in \(fixed(report.seconds, 1)) s, \(fixed(report.examplesPerSecond, 1)) examples/s."
        return text
    }

    /// The main table's header and rows: one row per method.
    static func faithfulnessRows(_ report: FaithfulnessReport) -> (header: [String], rows: [[String]]) {
        let hasRationale = report.methods.contains { $0.rationale != nil }
        let attackColumns = report.methods.first?.attack.map { "attack r=\($0.words)" } ?? []
        var header = ["method", "comp. AOPC [95% CI]", "suff. AOPC [95% CI]", "deletion area", "gap (LeRF−MoRF)", "insertion area"] + attackColumns
        if hasRationale { header += ["rationale AP", "IOU-F1", "top-k prec."] }
        let rows = report.methods.map { method -> [String] in
            var row = [method.method,
                       "\(fixed(method.comprehensiveness.aopc, 3)) [\(fixed(method.comprehensiveness.low, 3)), \(fixed(method.comprehensiveness.high, 3))]",
                       "\(fixed(method.sufficiency.aopc, 3)) [\(fixed(method.sufficiency.low, 3)), \(fixed(method.sufficiency.high, 3))]",
                       fixed(method.deletionArea, 3), fixed(method.deletionGap, 3), fixed(method.insertionArea, 3)]
            row += method.attack.map { fixed($0.successRate, 3) }
            if hasRationale {
                if let rationale = method.rationale {
                    row += [fixed(rationale.averagePrecision, 3), fixed(rationale.iouF1, 3), fixed(rationale.topKPrecision, 3)]
                } else {
                    row += ["–", "–", "–"]
                }
            }
            return row
        }
        return (header, rows)
    }

    /// `1%`, `12.5%`.
    private static func percentText(_ fraction: Double) -> String {
        let percent = fraction * 100
        return (percent == percent.rounded() ? String(Int(percent)) : fixed(percent, 1)) + "%"
    }

    /// The deletion and insertion curves as one SVG: a line per method (least-relevant-first
    /// deletion dashed), random as its mean with a ± std band over its seeded orders.
    static func faithfulnessChart(_ report: FaithfulnessReport, subtitle: String) -> String {
        guard let first = report.methods.first else { return "" }
        func lines(_ values: (MethodFaithfulness) -> [Double], _ spread: (MethodFaithfulness) -> [Double]?, dashed: Bool = false) -> [LineChart.Line] {
            report.methods.map { LineChart.Line(name: $0.method, values: values($0), spread: spread($0), dashed: dashed) }
        }
        var chart = LineChart(
            title: "Deletion and insertion curves",
            subtitle: "\(report.examples) examples (\(subtitle)), words \(report.perturbation == .remove ? "deleted" : "masked"); random: mean ± std over its seeded orders",
            x: first.curves.fractions, xLabel: "fraction of the words", yLabel: "p(original prediction)",
            panels: [
                LineChart.Panel(title: "Deletion (solid: most relevant first)",
                                lines: lines({ $0.curves.deletion }, { $0.curves.deletionSpread })
                                    + lines({ $0.curves.deletionLeastFirst }, { $0.curves.deletionLeastFirstSpread }, dashed: true)),
                LineChart.Panel(title: "Insertion (most relevant first)", lines: lines({ $0.curves.insertion }, { $0.curves.insertionSpread })),
            ])
        chart.greyNames = ["random"]
        return chart.svg()
    }
}
