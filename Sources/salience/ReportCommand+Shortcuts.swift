import Probing
import TextData
import Services
import Workspace

extension ReportCommand {
    /// The shortcut search of `report --shortcuts`: the report's slice, method and seed, the defaults of `salience shortcuts`.
    static func shortcutSearch(session: WorkspaceSession, positions: [Int], settings: ReportPage.Settings, split: Split?) throws -> ShortcutReport {
        Console.log("report: shortcuts")
        var request = ShortcutRequest(salience: settings.salience)
        request.seed = settings.seed
        request.split = split
        let report = try ShortcutService(session: session).shortcuts(request, positions: positions)
        if let note = report.verificationNote, session.model.isExternal { Console.log(note) }
        return report
    }
}
