import Services
import Workspace

extension DemoCommand {
    /// The demo's shortcut search over the whole test split: the planted pairs should come first for each class.
    func shortcutsStep(session: WorkspaceSession, seed: UInt64, save: (String, String) throws -> Void,
                       step: (String) -> Void) throws -> ShortcutReport {
        step("Shortcut search on the test split: clusters of each predicted class for k = 2…8, the top 10 candidates verified by inserting and masking them")
        let positions = try session.positions(split: .test, filter: nil)
        var request = ShortcutRequest(salience: SalienceSpecification(method: "grad-l2"))
        request.seed = seed
        let report = try ShortcutService(session: session).shortcuts(request, positions: positions)
        let text = Reports.shortcutTable(report, slice: "test")
        try save("shortcuts.json", Console.jsonText(report))
        try save("shortcuts.txt", text + "\n")
        Console.log(text)
        return report
    }
}
