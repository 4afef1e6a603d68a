import Foundation
import GRDB
import LinearAlgebra
import Models
import Attribution
import TextData
import Workspace

/// The current dataset, model and predictions of a workspace, loaded once per command.
///
/// The session answers questions about the data (slices, ids, labels, tokens); each capability
/// that works on it is a service of its own, built from the session (`RepresentationService`,
/// `ClusterService`, `ComparisonService`, `TSNEMapService`, `NeighborService`,
/// `SensitivityService`, `ExportService`), next to the session's salience maps and model export.
///
/// When the current model is the pseudo model of imported salience (`salience import`), the
/// session also holds the imported maps: token ids come from them instead of a tokenizer, and
/// everything that needs the network (attribution, `emb`, `avg-emb`, `cls`) is refused with a sentence.
public final class WorkspaceSession: @unchecked Sendable {
    /// The workspace.
    public let workspace: Workspace
    /// The dataset the current model was trained on.
    public let dataset: Dataset
    /// The current model and tokenizer.
    public let model: LoadedModel
    /// Predicted class index of every example, by dataset position.
    public let predictions: [Int]
    /// Class probabilities of every example, by dataset position.
    public let probabilities: [[Float]]
    /// The imported maps by dataset position, and the specification naming their run (imported salience only).
    let imported: (specification: SalienceSpecification, maps: [SalienceMap])?
    /// Positions of imported examples whose line had no label (their label is the prediction).
    let unlabeledPositions: Set<Int>

    /// Loads the current model of `workspace` (or the one `modelVersion` names, see
    /// `Workspace.modelRecord(version:)`) with its dataset and predictions.
    public init(workspace: Workspace, modelVersion: String? = nil) throws(WorkspaceError) {
        self.workspace = workspace
        let record = if let modelVersion { try workspace.modelRecord(version: modelVersion) } else { try workspace.currentModelRecord() }
        self.dataset = try workspace.dataset(hash: record.recipe.datasetHash)
        self.model = try LoadedModel.load(record: record)
        let stored = try workspace.predictions(modelFingerprint: record.fingerprint)
        guard stored.classes.count == dataset.examples.count else {
            throw WorkspaceError("The workspace \(workspace.directory) has predictions for \(stored.classes.count) of \(dataset.examples.count) examples.",
                                 nextStep: .retrainModel)
        }
        let classCount = dataset.classes.count
        if let bad = stored.classes.indices.first(where: { !(0..<classCount).contains(stored.classes[$0]) || stored.probabilities[$0].count != classCount }) {
            throw WorkspaceError.damaged(workspace.directory, "the stored prediction at position \(bad) does not fit the \(classCount) classes")
        }
        self.predictions = stored.classes
        self.probabilities = stored.probabilities
        if model.isExternal {
            let maps = try workspace.importedMaps(modelFingerprint: record.fingerprint, exampleCount: dataset.examples.count)
            self.imported = (SalienceSpecification(recipe: maps.recipe), maps.maps)
            let unlabeledIDs = Set(record.recipe.importSource?.unlabeledIDs ?? [])
            let examples = dataset.examples
            self.unlabeledPositions = Set(examples.indices.filter { unlabeledIDs.contains(examples[$0].id) })
        } else {
            self.imported = nil
            self.unlabeledPositions = []
        }
    }

    /// The salience method commands use when none is named: the imported run for imported salience, else Grad-L2.
    public var defaultSalienceSpecification: SalienceSpecification {
        imported?.specification ?? SalienceSpecification(method: "grad-l2")
    }

    /// Whether the example at `position` has a gold label (only imported lines without `label` lack one).
    public func hasGoldLabel(at position: Int) -> Bool { !unlabeledPositions.contains(position) }

    /// Class names in index order.
    public var classes: [String] { dataset.classes }

    /// The gold class index of the example at `position`.
    public func label(at position: Int) -> Int { dataset.classIndex(of: dataset.examples[position].label)! }

    /// Positions of the examples in `split` (all splits when nil) that pass `filter`.
    ///
    /// Throws when the slice is empty, naming the split and the filter (`filterText`, as the user wrote it).
    public func positions(split: Split?, filter: SliceFilter?, filterText: String? = nil) throws(WorkspaceError) -> [Int] {
        if let filter {
            do { try filter.validate(columns: dataset.metadataColumns) } catch { throw WorkspaceError(error.message, nextStep: error.nextStep) }
        }
        let positions = dataset.examples.indices.filter { position in
            let example = dataset.examples[position]
            if let split, example.split != split { return false }
            return filter?.matches(example, prediction: classes[predictions[position]]) ?? true
        }
        guard !positions.isEmpty else {
            let splitText = split.map { "the \($0.rawValue) split" } ?? "the dataset"
            let whereText = filterText.map { " matches the filter \($0)" } ?? " is there"
            throw WorkspaceError("No example of \(splitText)\(whereText).",
                                 nextStep: .chooseValue(parameter: filterText == nil ? "split" : "filter",
                                                        advice: filterText == nil ? "another split" : "a looser filter, or another split"))
        }
        return positions
    }

    /// The dataset position of the example with id `id`.
    public func position(ofID id: String) throws(WorkspaceError) -> Int {
        guard let position = dataset.examples.firstIndex(where: { $0.id == id }) else {
            let sample = dataset.examples.prefix(3).map(\.id).joined(separator: ", ")
            throw WorkspaceError("No example has id \(id) in \(dataset.sourcePath); ids look like \(sample).")
        }
        return position
    }

    /// Token ids of the example at `position` as the model sees them (for imported salience: as the imported map has them).
    public func tokenIDs(at position: Int) -> [Int32] {
        if let imported { return imported.maps[position].tokenIDs }
        return model.encode(dataset.examples[position].text)
    }

    /// The vocabulary term of a token id.
    public func term(_ id: Int) -> String { model.vocabulary.term(id) }

    /// Token ids excluded from representations and top-term tables: the special tokens, plus punctuation when asked.
    public func excludedTokenIDs(punctuation: Bool) -> Set<Int32> { model.vocabulary.excludedIDs(punctuation: punctuation) }

    /// Whether token `id` continues a word (a `##` piece).
    public func isContinuation(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < model.vocabulary.count && model.vocabulary.term(Int(id)).hasPrefix("##")
    }

    /// The class index of a class name, or an error listing the classes.
    public func classIndex(named name: String) throws(WorkspaceError) -> Int {
        guard let index = classes.firstIndex(of: name) else {
            let names = classes.joined(separator: ", ")
            throw WorkspaceError("No class is named \(name) in \(dataset.sourcePath); the classes are \(names).",
                                 nextStep: .chooseValue(parameter: "className", advice: "one of \(names)"))
        }
        return index
    }
}
