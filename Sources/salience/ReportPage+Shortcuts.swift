import Rendering
import Services

extension ReportPage {
    /// The "Shortcut candidates" section: the ranked table of `salience shortcuts` and how to read it.
    static func addShortcuts(_ report: ShortcutReport?, to page: inout HTMLReport) {
        guard let report else { return }
        page.addHeading("Shortcut candidates")
        page.addParagraph("Term sets that lead the salience clusters of each predicted class (k = \(report.kRange[0])…\(report.kRange[1]), \(report.clusteringCount) clusterings), ranked by how much of the salience they take, how strongly their presence predicts the prediction and, for the top ones, how far inserting or masking them moves the model (docs/METHOD.md, section Shortcut search). A prediction precision well above the label precision marks a term the model trusts more than the data supports.")
        let rows = Reports.shortcutRows(report)
        if report.candidates.isEmpty {
            page.addParagraph("No cluster's salience is concentrated on one or two terms: no candidate.")
        } else {
            page.addTable(header: rows.header, rows: rows.rows,
                          caption: report.verified ? "insert / mask Δp: change of p(class); — : not verified." : "Not verified by the model: the columns insert Δp and mask Δp are empty.")
        }
        for note in [report.verificationNote].compactMap({ $0 }) + report.notes { page.addParagraph(note) }
    }
}
