import Models

/// One salience method as the registry knows it: its name, one help line, and how to build it
/// from the settings (checking the ones it reads).
public struct SalienceMethodEntry: Sendable {
    /// The name in recipes and on the command line.
    public let name: String
    /// One line for help texts.
    public let summary: String
    /// Builds the method, or says in one sentence which setting is wrong.
    public let make: @Sendable (SalienceMethodSettings) throws(AttributionError) -> any SalienceMethod
}

/// The salience methods of this package, one line each; a new method is one file with its
/// `entry` plus one line here.
public enum SalienceMethodRegistry {
    /// Every method, in the order help lists them.
    public static let entries: [SalienceMethodEntry] = [
        GradientL2.entry,
        GradientTimesInput.entry,
        IntegratedGradients.entry,
        LayerwiseRelevance.entry,
        Occlusion.entry,
        LIME.entry,
        NGramDecomposition.entry,
    ]

    /// The entry called `name`, or nil.
    public static func entry(named name: String) -> SalienceMethodEntry? {
        entries.first { $0.name == name }
    }
}

/// What a salience method needs from the model it explains.
public enum ModelRequirement: Sendable, Equatable {
    /// Any `TextClassifier` (gradients or batched forward passes only).
    case anyClassifier
    /// A model that propagates relevance layer by layer (`RelevancePropagatingClassifier`).
    case relevancePropagation
    /// The Kim CNN (its max-pooling windows).
    case kimCNN

    /// Why `model` cannot serve a method with this requirement, as the end of a sentence, or nil.
    public func refusal(for model: any TextClassifier) -> String? {
        switch self {
        case .anyClassifier: return nil
        case .relevancePropagation:
            return model is any RelevancePropagatingClassifier ? nil : "needs a model that propagates relevance layer by layer, which the CNN and BERT do"
        case .kimCNN:
            return model is KimCNN ? nil : "is defined only for the CNN's max-pooling windows"
        }
    }
}
