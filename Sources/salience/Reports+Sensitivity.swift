import Probing

extension Reports {
    /// The paper's Table 4 or 5 (one row per seed list), the per-term table and the throughput footer.
    static func sensitivityTables(_ report: SensitivityReport, notes: [String] = []) -> String {
        let heading: String
        switch report.mode {
        case .insert:
            heading = "Insert: each term at a random position of \(report.usedExamples) \(report.usedExamples == report.availableExamples ? "(all)" : "of \(report.availableExamples)") test examples not of class \(report.class); mean change of p(\(report.class)) (standard deviation across terms):"
        case .mask:
            heading = "Mask: every occurrence of each term replaced by \(report.maskToken ?? "?") in the \(report.usedExamples) test examples of class \(report.class); mean change of p(\(report.class)) over the examples containing it (standard deviation across terms):"
        }
        let summaryRows = sensitivitySummary(report)
        var summary = TextTable(summaryRows.header, alignments: [.left] + summaryRows.header.dropFirst().map { _ in .right })
        for row in summaryRows.rows { summary.add(row) }
        let perTerm = termRows(report)
        var perTermTable = TextTable(perTerm.header, alignments: perTerm.header.count == 5 ? [.left, .left, .left, .right, .right] : [.left, .left, .right, .right])
        for row in perTerm.rows { perTermTable.add(row) }
        let multiPiece = report.lists.contains { $0.terms.contains(where: \.multiPiece) }
        let legend = multiPiece ? " (* a word of several word pieces, \(report.mode == .insert ? "inserted" : "masked") as a whole word)" : ""
        var text = heading + "\n\n" + summary.render() + "\n\nPer term\(legend):\n\n" + perTermTable.render()
        let origins = report.lists.map { "  \($0.name): \($0.origin)" }.joined(separator: "\n")
        text += "\n\nSeed lists:\n" + origins
        for note in notes { text += "\n\n" + note }
        text += "\n\n" + throughputFooter(report)
        return text
    }

    /// The paper-style summary rows (seed list, terms, [count,] change (std)) and their header.
    static func sensitivitySummary(_ report: SensitivityReport) -> (header: [String], rows: [[String]]) {
        let signed = { (value: Double?) in value.map { ($0 > 0 ? "+" : "") + fixed($0, 3) } ?? "—" }
        let rows = report.lists.map { list in
            let change = "\(signed(list.mean)) (\(list.std.map { fixed($0, 3) } ?? "—"))"
            return report.mode == .insert ? [list.name, String(list.terms.count), change]
                                          : [list.name, String(list.terms.count), String(list.count), change]
        }
        return (report.mode == .insert ? ["seed list", "terms", "prob. change (std)"] : ["seed list", "terms", "count", "prob. change (std)"], rows)
    }

    /// One row per term (seed list, term, [word pieces,] change, examples / occurrences); the
    /// word-piece column only when some term spans several pieces, marked with *.
    static func termRows(_ report: SensitivityReport) -> (header: [String], rows: [[String]]) {
        let signed = { (value: Double?) in value.map { ($0 > 0 ? "+" : "") + fixed($0, 3) } ?? "—" }
        let multiPiece = report.lists.contains { $0.terms.contains(where: \.multiPiece) }
        let countName = report.mode == .insert ? "examples" : "occurrences"
        var rows: [[String]] = []
        for list in report.lists {
            for term in list.terms {
                let pieces = term.pieces.map { $0.joined(separator: " ") }.joined(separator: " + ")
                let name = (term.multiPiece ? "*" : "") + term.term
                rows.append(multiPiece ? [list.name, name, pieces, signed(term.change), String(term.count)]
                                       : [list.name, name, signed(term.change), String(term.count)])
            }
        }
        return (multiPiece ? ["seed list", "term", "word pieces", "change", countName] : ["seed list", "term", "change", countName], rows)
    }

    /// "Model evaluation: N sequences in S s (R examples/s); seed K."
    static func throughputFooter(_ report: SensitivityReport) -> String {
        "Model evaluation: \(report.evaluatedSequences) sequences in \(fixed(report.evaluationSeconds, 2)) s (\(Int(report.examplesPerSecond.rounded())) examples/s); seed \(report.seed)."
    }
}
