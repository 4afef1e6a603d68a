import Models

/// A way of scoring every input token of a batch for one class's logit.
public protocol SalienceMethod: Sendable {
    /// The method's name in recipes and on the command line (`grad-l2`, …).
    var name: String { get }
    /// One map per sequence of `batch`, in batch order, for the classes chosen by `targets`
    /// (`labels` needed for `.label`).
    func attribute(model: any TextClassifier, batch: TokenBatch, targets: TargetRule, labels: [Int]?) -> [SalienceMap]
    /// The recipe stored with this method's maps.
    func recipe(target: String, modelFingerprint: String) -> SalienceRecipe
    /// What the method needs from the model (any classifier by default).
    var requirement: ModelRequirement { get }
}

extension SalienceMethod {
    /// Any classifier serves.
    public var requirement: ModelRequirement { .anyClassifier }

    /// One sentence saying why `model` cannot be explained by this method, or nil.
    public func refusal(for model: any TextClassifier) -> String? {
        requirement.refusal(for: model).map { "The salience method \(name) \($0); choose another method." }
    }

    /// A recipe with this method's name, no integration settings and no normalisation.
    public func recipe(target: String, modelFingerprint: String) -> SalienceRecipe {
        SalienceRecipe(method: name, target: target, normalization: "none", modelFingerprint: modelFingerprint)
    }
}

/// The score normalisations a map can be stored with, by their names in recipes.
public enum SalienceNormalization: String, CaseIterable, Sendable, Codable {
    /// Raw scores.
    case none
    /// Scores divided by their sum, as LIT does.
    case sum

    /// `none` and `sum`.
    public static let names = allCases.map(\.rawValue)

    /// Stops on a normalisation name that is not in `names` (a programmer error; the CLI checks user input first).
    public static func requireKnown(_ normalization: String) {
        precondition(names.contains(normalization), "Unknown normalization '\(normalization)'; expected one of \(names)")
    }

    /// Applies `normalization` to one map's scores; an all-zero map stays zero under `sum`.
    public static func apply(_ normalization: String, to scores: inout [Float]) {
        requireKnown(normalization)
        guard normalization == "sum" else { return }
        let total = scores.reduce(0, +)
        guard total != 0 else { return }
        for index in scores.indices { scores[index] /= total }
    }
}
