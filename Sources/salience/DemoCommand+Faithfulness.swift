import Foundation
import Probing
import Services
import TextData

extension DemoCommand {
    /// The demo's faithfulness step: Grad-L2, Grad×Input, IG and random on up to 300 test
    /// examples, the planted tokens (`shortcutTokens`) as the rationale; writes the table, JSON and curves to `directory`.
    func faithfulnessStep(session: WorkspaceSession, directory: String, seed: UInt64) throws -> FaithfulnessReport {
        Console.log("\n▸ Faithfulness of grad-l2, grad-input and ig against random (300 test examples, the planted tokens as the rationale)")
        var request = FaithfulnessRequest()
        request.methods = ["grad-l2", "grad-input", "ig", "random"]
        request.exampleCount = 300
        request.rationaleColumn = ShortcutInjector.shortcutTokensColumn
        request.options.seed = seed
        let outcome = try FaithfulnessService(session: session).evaluate(request)
        let text = Reports.faithfulnessTables(outcome.report, slice: "test")
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try OutputFile.write(Console.jsonText(outcome.report), to: path("faithfulness.json"))
        try OutputFile.write(text + "\n", to: path("faithfulness.txt"))
        try OutputFile.write(Reports.faithfulnessChart(outcome.report, subtitle: "test"), to: path("faithfulness-curves.svg"))
        let rows = outcome.report.methods.map { "\($0.method) \(fixed($0.comprehensiveness.aopc, 3))" }
        Console.log("  comprehensiveness AOPC: " + rows.joined(separator: ", ") + "; \(path("faithfulness.txt")), \(path("faithfulness-curves.svg"))")
        return outcome.report
    }
}
