import ArgumentParser
import Foundation
import Services
import Workspace

/// Options every command that reads or writes a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: "The workspace directory.")
    var workspace: String = "salience-workspace"

    @OptionGroup var output: OutputOptions

    /// `--format`.
    var format: OutputFormat { output.format }
    /// `--seed`.
    var seed: UInt64 { output.seed }

    /// Opens the existing workspace.
    func open() throws -> Workspace { try Workspace.open(directory: workspace, create: false) }

    /// The session (current model and data) of the existing workspace.
    func session() throws -> WorkspaceSession { try WorkspaceSession(workspace: open()) }

    /// The session of the model `modelVersion` names (the current one when nil).
    func session(modelVersion: String?) throws -> WorkspaceSession { try WorkspaceSession(workspace: open(), modelVersion: modelVersion) }

    /// Runs `body` on the workspace, creating it when missing; if `body` fails, a workspace
    /// this call created is removed again, so a refused command leaves nothing behind.
    func creating<Result>(_ body: (Workspace) throws -> Result) throws -> Result {
        let existed = FileManager.default.fileExists(atPath: workspace)
        do {
            return try body(Workspace.open(directory: workspace, create: true))
        } catch {
            if !existed { try? FileManager.default.removeItem(atPath: workspace) }
            throw error
        }
    }

    /// Prints `value` as JSON with `--format json`, else the table `table` makes.
    func emit<Value: Encodable>(_ value: Value, table: () -> String) { output.emit(value, table: table) }
}
