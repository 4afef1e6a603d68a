import ArgumentParser
import LinearAlgebra

@main
struct Salience: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salience",
        abstract: "See what a text classifier learned, from aggregated input salience.",
        discussion: """
            A typical session: `salience train --data reviews.csv`, `salience attribute`, then
            `salience cluster --k 5` or `salience compare --k 3 --truth-where shortcut=rule0`.
            `salience demo` runs the whole story on the bundled synthetic Rotten Tomatoes data.
            """,
        subcommands: [
            DataCommand.self, TrainCommand.self, EvaluateCommand.self, AttributeCommand.self, ShowCommand.self,
            TokenizeCommand.self, ClusterCommand.self, CompareCommand.self, NeighborsCommand.self, MapCommand.self,
            WordcloudCommand.self, SensitivityCommand.self, ShortcutsCommand.self, ReportCommand.self, ExportCommand.self, ImportCommand.self, DemoCommand.self,
            FaithfulnessCommand.self, FeaturesCommand.self, DisableCommand.self, ModelsCommand.self, CheckCommand.self, PredictCommand.self,
            EnvCommand.self, MergeCommand.self,
        ])

    /// Parses and runs the command. A usage error (unknown option, a value outside an option's
    /// allowed set, a failed `validate()`) is bad input like any other: one line after
    /// `error:` (with the pointer to the command's help) and exit 1, as `Console.run` does for
    /// errors found while running.
    static func main() {
        BLASEnvironment.restartWithBestKernelIfNeeded()
        BLASEnvironment.current().reportOnce()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            // ArgumentParser's full message ends with "See 'salience cluster --help' for more information."
            let helpPointer = fullMessage(for: error).split(whereSeparator: \.isNewline).last { $0.contains("--help'") }
            var sentence = message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            if !sentence.hasSuffix(".") { sentence += "." }
            Console.log("error: " + sentence + (helpPointer.map { " " + String($0).trimmingWhitespace() } ?? ""))
            exit(withError: ExitCode(1))
        }
    }
}
