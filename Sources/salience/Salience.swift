import ArgumentParser

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
            WordcloudCommand.self, SensitivityCommand.self, ReportCommand.self, ExportCommand.self, ImportCommand.self, DemoCommand.self,
        ])
}
