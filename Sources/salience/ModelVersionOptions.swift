import ArgumentParser

/// `--model-version`: which stored model a command reads, instead of the current one.
struct ModelVersionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The model to use instead of the current one: its number or a fingerprint prefix (see salience models).",
                               valueName: "N|FINGERPRINT"))
    var modelVersion: String?
}
