import ArgumentParser
import Probing
import Rendering
import Services
import TextData

extension ReportPage {
    /// The "Faithfulness" section: the table per method, the curves, and the cost.
    static func addFaithfulness(_ evaluation: (report: FaithfulnessReport, slice: String)?, to page: inout HTMLReport) {
        guard let (report, sliceDescription) = evaluation else { return }
        page.addHeading("Faithfulness")
        page.addParagraph("Is the salience faithful to the model? Taking out a method's top words should change the prediction (comprehensiveness, higher is better), keeping only them should not (sufficiency, lower is better), and its deletion curve should fall fast; random scores are the floor. See docs/METHOD.md §10.")
        let rows = Reports.faithfulnessRows(report)
        page.addTable(header: rows.header, rows: rows.rows, caption: "\(report.examples) examples (\(sliceDescription)); AOPC with its 95 % bootstrap interval over examples; attack: share of predictions flipped by replacing the r most salient words.")
        page.addSVG(Reports.faithfulnessChart(report, subtitle: sliceDescription), caption: "Deletion and insertion curves; random: mean ± std over its seeded orders.")
        page.addParagraph("\(report.modelCalls) distinct inputs scored (\(fixed(report.modelCallsPerExample, 1)) per example) in \(fixed(report.seconds, 1)) s.")
    }
}

/// `salience report --faithfulness-methods M,M,…`: the faithfulness section of the page.
struct FaithfulnessReportOptions: ParsableArguments {
    @Option(name: .customLong("faithfulness-methods"), help: ArgumentHelp("Also evaluate the faithfulness of these methods (comma-separated, e.g. grad-l2,grad-input,random) on up to --faithfulness-m examples of the slice and add it to the page.", valueName: "M,M,…"))
    var methods: String?

    @Option(name: .customLong("faithfulness-m"), help: "With --faithfulness-methods: examples drawn from the slice.")
    var exampleCount: Int = 200

    func validate() throws {
        guard exampleCount >= 1 else { throw ValidationError("--faithfulness-m \(exampleCount) must be at least 1.") }
    }

    /// The evaluation when asked for, else nil.
    func evaluate(session: WorkspaceSession, slice: SliceOptions, seed: UInt64) throws -> (report: FaithfulnessReport, slice: String)? {
        guard let methods else { return nil }
        var request = FaithfulnessRequest()
        request.methods = methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        request.split = slice.split.split
        request.filter = try SliceFilter(argument: slice.where, flag: "--where")
        request.filterText = slice.where
        request.exampleCount = exampleCount
        request.options.seed = seed
        Console.log("report: faithfulness")
        return (try FaithfulnessService(session: session).evaluate(request).report, slice.description)
    }
}
