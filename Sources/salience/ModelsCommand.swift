import ArgumentParser
import Services

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "The model versions of the workspace: trained, disabled features, head retrained; * marks the current one.")

    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            let versions = try common.open().modelVersions()
            common.emit(versions) {
                var table = TextTable(["", "version", "fingerprint", "parent", "kind", "step", "disabled", "dev accuracy"],
                                      alignments: [.left, .right, .left, .left, .left, .left, .right, .right])
                for version in versions {
                    table.add([version.isCurrent ? "*" : "", String(version.version), String(version.fingerprint.prefix(12)),
                               version.parentFingerprint.map { String($0.prefix(12)) } ?? "—", version.kind, version.step,
                               String(version.disabledFeatureCount), version.devAccuracy.map { fixed($0, 3) } ?? "—"])
                }
                return table.render()
            }
        }
    }
}
