import ArgumentParser
import Foundation
import Services

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard workspaces of `attribute --shard i/N` into one workspace, maps byte for byte.",
        discussion: """
            Every shard must hold the same data, model fingerprint, salience recipe and slice, and all N
            shards must be given once each; otherwise nothing is written. --workspace is the trained
            workspace the shards were copied from, or a new folder (then a copy of the first shard).
            """)

    @Argument(help: "The shard workspaces, one per shard.")
    var shards: [String]

    @OptionGroup var common: WorkspaceOptions

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("Name the shard workspaces to merge, such as shard-1 shard-2.") }
    }

    func run() throws {
        try Console.run {
            let outcome = try MergeService.merge(shardPaths: shards, into: common.workspace)
            common.emit(outcome) {
                let how = outcome.created ? "new workspace" : "workspace"
                let counts = outcome.shardExampleCounts.map(String.init).joined(separator: " + ")
                return "Merged \(outcome.shardCount) shards (\(counts) = \(outcome.exampleCount) \(outcome.method) maps of model \(outcome.modelFingerprint.prefix(16))) into the \(how) \(outcome.workspace).\nNext: salience cluster --workspace \(outcome.workspace) --k 5"
            }
        }
    }
}
