import Foundation
import Models
import Workspace

extension WorkspaceSession {
    /// Writes the current model to `directory` in the format its architecture's tools read: for a
    /// BERT model a Hugging Face `BertForSequenceClassification` folder (config.json with
    /// id2label, model.safetensors, vocab.txt, added_tokens.json for added whole tokens,
    /// tokenizer_config.json, special_tokens_map.json); for the CNN its safetensors checkpoint.
    ///
    /// The folder is written next to its final place and moved there, so a failure leaves no half-written folder.
    /// - Returns: the names of the files written.
    public func exportModel(to directory: String) throws(WorkspaceError) -> [String] {
        let classifier = try model.requireClassifier("export --model needs a model", remedy: "there is no network to export; export the maps with --maps")
        guard let tokenizer = model.tokenizer else { preconditionFailure("a classifier without a tokenizer") }
        let manager = FileManager.default
        let target = (directory as NSString).standardizingPath
        if manager.fileExists(atPath: target), let contents = try? manager.contentsOfDirectory(atPath: target), !contents.isEmpty {
            throw WorkspaceError("--model \(directory) exists and is not empty; name a new folder.")
        }
        let parent = (target as NSString).deletingLastPathComponent
        let temporary = (parent.isEmpty ? "." : parent as NSString).appendingPathComponent(".partial-export-\(ProcessInfo.processInfo.processIdentifier)")
        func path(_ name: String) -> String { (temporary as NSString).appendingPathComponent(name) }
        let recipe = model.record.recipe
        var written: [String] = []
        do {
            try manager.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            if let bert = classifier as? BertClassifier {
                try BertCheckpoint.save(configuration: bert.configuration, parameters: bert.parameters, to: temporary,
                                        extraMetadata: ["salience.recipe": JSON.string(recipe)])
                let baseCount = tokenizer.vocabularySize - recipe.addedTokens.count
                try (tokenizer.vocabulary.prefix(baseCount).joined(separator: "\n") + "\n").write(toFile: path("vocab.txt"), atomically: true, encoding: .utf8)
                written = ["config.json", "model.safetensors", "vocab.txt"]
                if !recipe.addedTokens.isEmpty {
                    let added = Dictionary(uniqueKeysWithValues: recipe.addedTokens.enumerated().map { ($1, baseCount + $0) })
                    try JSONSerialization.data(withJSONObject: added, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path("added_tokens.json")))
                    written.append("added_tokens.json")
                }
                let tokenizerConfiguration: [String: Any] = [
                    "tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": bert.configuration.maximumPositionCount,
                    "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]",
                ]
                try JSONSerialization.data(withJSONObject: tokenizerConfiguration, options: [.sortedKeys, .prettyPrinted])
                    .write(to: URL(fileURLWithPath: path("tokenizer_config.json")))
                let specialTokens = ["unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"]
                try JSONSerialization.data(withJSONObject: specialTokens, options: [.sortedKeys, .prettyPrinted])
                    .write(to: URL(fileURLWithPath: path("special_tokens_map.json")))
                written += ["tokenizer_config.json", "special_tokens_map.json"]
            } else {
                for name in try manager.contentsOfDirectory(atPath: model.record.directory).sorted() {
                    try manager.copyItem(atPath: (model.record.directory as NSString).appendingPathComponent(name), toPath: path(name))
                    written.append(name)
                }
            }
            if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw WorkspaceError("Cannot write the model to \(directory): \(error)")
        }
        return written
    }
}
