import Foundation
import Models
import Workspace

extension WorkspaceSession {
    /// Writes the current model to `directory` in the format its family's tools read
    /// (`ModelFamily.export`): for a BERT model a Hugging Face `BertForSequenceClassification`
    /// folder, for the CNN its safetensors checkpoint.
    ///
    /// The folder is written next to its final place and moved there, so a failure leaves no half-written folder.
    /// - Returns: the names of the files written.
    public func exportModel(to directory: String) throws(WorkspaceError) -> [String] {
        let classifier = try model.requireClassifier("Exporting a model needs a network", remedy: "there is none to export; the maps themselves can be exported")
        guard let tokenizer = model.tokenizer, let family = model.family else { preconditionFailure("a classifier without a tokenizer or family") }
        let manager = FileManager.default
        let target = (directory as NSString).standardizingPath
        if manager.fileExists(atPath: target), let contents = try? manager.contentsOfDirectory(atPath: target), !contents.isEmpty {
            throw WorkspaceError("The folder \(directory) exists and is not empty; the model needs a new folder.",
                                 nextStep: .chooseValue(parameter: "modelFolder", advice: "a new folder"))
        }
        let parent = (target as NSString).deletingLastPathComponent
        let temporary = (parent.isEmpty ? "." : parent as NSString).appendingPathComponent(".partial-export-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            let written = try family.export(classifier, tokenizer: tokenizer, savedDirectory: model.record.directory, to: temporary,
                                            metadata: ["salience.recipe": JSON.string(model.record.recipe)])
            if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
            try manager.moveItem(atPath: temporary, toPath: target)
            return written
        } catch let error as ModelError {
            try? manager.removeItem(atPath: temporary)
            throw WorkspaceError("Cannot write the model to \(directory): \(error.message)")
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw WorkspaceError("Cannot write the model to \(directory): \(error.localizedDescription).")
        }
    }
}
