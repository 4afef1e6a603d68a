import ArgumentParser

@main
struct Salience: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salience",
        abstract: "See what a text classifier learned, from aggregated input salience.")
}
