import ArgumentParser
import Foundation
import Services
import Workspace

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read everything a workspace stores and report what is damaged (exit 1 when anything is).",
        discussion: """
            Runs SQLite's integrity check, reads every dataset, model (its files against their
            fingerprint), prediction and salience map (against its recipe: the model's tokens of the
            example), and looks for rows that belong to nothing. Opens the workspace read-only and
            changes nothing, unless --repair: then it removes only the rows that cannot be read or
            belong to nothing, and lists them (maps removed are computed again by `attribute`).
            """)

    @Flag(help: "Remove the salience maps and rows that cannot be read or belong to nothing, and say which.")
    var repair = false

    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            let workspace = try Workspace.open(directory: common.workspace, create: false, readOnly: !repair)
            let report = try WorkspaceCheck.run(workspace, repair: repair)
            common.emit(report) { Self.table(report) }
            if !report.isSound && (!repair || report.problems.contains { !$0.removable }) {
                if !repair { Console.log("The workspace \(report.workspace) is damaged; restore it from a copy, or run `salience check --repair --workspace \(report.workspace)` to remove what cannot be read.") }
                throw ExitCode(1)
            }
        }
    }

    static func table(_ report: WorkspaceCheckReport) -> String {
        var lines = ["Workspace \(report.workspace): integrity \(report.integrity == ["ok"] ? "ok" : "FAILED"); read \(report.datasetCount) datasets, \(report.modelCount) models, \(report.runCount) salience runs, \(report.mapCount) maps."]
        if report.problems.isEmpty {
            lines.append("Nothing is damaged.")
        } else {
            var table = TextTable(["kind", "what", "problem", "repair removes"], alignments: [.left, .left, .left, .left])
            for problem in report.problems { table.add([problem.kind, problem.subject, problem.detail, problem.removable ? "yes" : "no"]) }
            lines.append(table.render())
        }
        if !report.removed.isEmpty { lines.append("Removed:\n" + report.removed.map { "  " + $0 }.joined(separator: "\n")) }
        return lines.joined(separator: "\n")
    }
}
