import ArgumentParser

/// `--format` and `--seed`, which every command takes.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output: a human table, or one JSON document on stdout.")
    var format: OutputFormat = .table

    @Option(help: "Seed of every random choice (same seed, same result).")
    var seed: UInt64 = 0

    /// Prints `value` as JSON with `--format json`, else the table `table` makes.
    func emit<Value: Encodable>(_ value: Value, table: () -> String) {
        if format == .json { Console.printJSON(value) } else { print(table()) }
    }
}
