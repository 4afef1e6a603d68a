import Services

extension Reports {
    /// The ranked shortcut candidates with their evidence and the model's reaction, and the notes.
    static func shortcutTable(_ report: ShortcutReport, slice: String) -> String {
        let rows = shortcutRows(report)
        var table = TextTable(rows.header, alignments: [.right, .left, .left, .right, .right, .right, .right, .right, .right, .right, .left])
        for row in rows.rows { table.add(row) }
        var text = "Shortcut candidates of \(slice) (\(report.n) examples, \(report.method)): leading terms of salience clusters of each predicted class, k = \(report.kRange[0])…\(report.kRange[1]) (\(report.clusteringCount) clusterings, n_init \(report.nInit)); \(report.candidateCount) candidates, the top \(report.candidates.count) shown.\n\n"
        text += report.candidates.isEmpty ? "No cluster's salience is concentrated on one or two terms: no candidate." : table.render()
        text += "\n\nsupport: examples containing every term; pred. prec.: of those, predicted as the class (lift over the base rate); label prec.: labelled as the class; share: the set's mean share of those examples' salience. "
        text += report.verified
            ? "insert Δp / mask Δp: change of p(class) when the set is inserted into up to \(report.insertExamples) \(report.insertExamples == 1 ? "example" : "examples") not of the class / masked where it occurs in examples of the class (— : not verified); score = share × normalized lift × model effect (docs/METHOD.md, section Shortcut search)."
            : "score = share × normalized lift (docs/METHOD.md, section Shortcut search)."
        if let note = report.verificationNote { text += "\n\n" + note }
        for note in report.notes { text += "\n" + note }
        if report.verified {
            text += "\n\nModel evaluation: \(report.evaluatedSequences) sequences in \(fixed(report.evaluationSeconds, 2)) s; seed \(report.seed)."
        }
        return text
    }

    /// The table's header and rows: rank, class, term set, score, support, prediction precision
    /// (lift), label precision, salience share, insert Δp, mask Δp, two example ids.
    static func shortcutRows(_ report: ShortcutReport) -> (header: [String], rows: [[String]]) {
        let signed = { (value: Double?) in value.map { ($0 > 0 ? "+" : "") + fixed($0, 3) } ?? "—" }
        let header = ["rank", "class", "term set", "score", "support", "pred. prec. (lift)", "label prec.", "share", "insert Δp", "mask Δp", "examples"]
        let rows = report.candidates.map { candidate in
            [String(candidate.rank), candidate.class, candidate.terms.joined(separator: " + "), fixed(candidate.score, 3), String(candidate.support),
             "\(fixed(candidate.predictionPrecision)) (\(fixed(candidate.lift))×)", candidate.labelPrecision.map { fixed($0) } ?? "—",
             fixed(candidate.salienceShare), signed(candidate.insertChange), signed(candidate.maskChange),
             candidate.examples.joined(separator: ", ")]
        }
        return (header, rows)
    }
}
