import ArgumentParser
import Models

/// A `--model` value: the name of a family in `ModelFamilyRegistry`; help lists every registered name.
struct ModelFamilyArgument: ExpressibleByArgument {
    /// The family named.
    let family: any ModelFamily

    /// The value standing for `family`.
    init(_ family: any ModelFamily) { self.family = family }

    /// The registered family called `argument`, or nil (the parser then lists the allowed names).
    init?(argument: String) {
        guard let family = ModelFamilyRegistry.shared.family(named: argument) else { return nil }
        self.family = family
    }

    /// The registry's default family.
    static var defaultFamily: ModelFamilyArgument { ModelFamilyArgument(ModelFamilyRegistry.shared.defaultFamily) }

    static var allValueStrings: [String] { ModelFamilyRegistry.shared.names }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { family.name }

    /// "name (summary)" of every family, for the option's help.
    static var summaries: String {
        ModelFamilyRegistry.shared.families.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")
    }

    /// "Default: cnn 12, bert 3." for one training option, from every family's defaults.
    static func defaults(_ value: (TrainingOptions) -> String) -> String {
        "Default: " + ModelFamilyRegistry.shared.families.map { "\($0.name) \(value($0.traits.defaultTrainingOptions))" }.joined(separator: ", ") + "."
    }
}

/// The model family and its typed architecture settings, shared by `train` and `demo`.
struct ModelFamilyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Model family: \(ModelFamilyArgument.summaries).", valueName: "family"))
    var model: ModelFamilyArgument = .defaultFamily

    @Option(name: .long, help: "Width of the CNN's hidden ReLU layer between pooling and the output layer (0: none, Kim's original).")
    var hiddenSize: Int = 100

    /// The family chosen.
    var family: any ModelFamily { model.family }

    /// The architecture settings, or an error for a negative hidden size.
    func architecture(trainEmbeddings: Bool = false) throws -> ArchitectureOptions {
        guard hiddenSize >= 0 else { throw CommandError("--hidden-size must be 0 (no hidden layer) or positive, got \(hiddenSize).") }
        return ArchitectureOptions(hiddenSize: hiddenSize, trainEmbeddings: trainEmbeddings)
    }
}
