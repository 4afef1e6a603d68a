import ArgumentParser
import Foundation
import Services
import Workspace

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store salience maps computed elsewhere (Captum, LIT, Inseq, salience export) to analyse them without a model.",
        discussion: """
            One JSON object per line: {"id", "tokens": [...], "scores": [...], "label"?, "prediction"?,
            "probability"?, "text"?, "split"?, "metadata"?}; at least one of label and prediction. Every
            line is checked first: one bad line names the file and line, and nothing is imported.
            Afterwards cluster, compare, neighbors, map, wordcloud, evaluate, show and export work on the
            maps with the vocab and pmi representations (the method defaults to --name).
            """)

    @Option(help: "The JSON Lines file of salience maps.")
    var maps: String

    @Option(help: "Name of the imported run; it becomes the --method of later commands.")
    var name: String = "external"

    @OptionGroup var common: WorkspaceOptions

    struct Summary: Codable {
        var file: String
        var method: String
        var examples: Int
        var vocabularySize: Int
        var classes: [String]
        var unlabeled: Int
        var splits: [String: Int]
        var modelFingerprint: String
        var reused: Bool
    }

    func run() throws {
        try Console.run {
            try ImportService.validateName(name)
            // Every line is checked before the workspace is opened, so a bad file leaves no trace.
            let imported = try ImportedSalience.read(path: maps)
            let outcome = try common.creating { workspace in try ImportService(workspace: workspace).importSalience(imported, name: name, seed: common.seed) }
            var splits: [String: Int] = [:]
            for line in imported.lines { splits[line.split.rawValue, default: 0] += 1 }
            let summary = Summary(file: maps, method: name, examples: outcome.exampleCount, vocabularySize: outcome.vocabularySize,
                                  classes: outcome.classes, unlabeled: outcome.unlabeledCount, splits: splits,
                                  modelFingerprint: outcome.record.fingerprint, reused: outcome.reused)
            if common.format == .json { Console.printJSON(summary); return }
            let how = outcome.reused ? "was already imported; made current again" : "imported"
            let splitText = ["train", "dev", "test"].compactMap { split in splits[split].map { "\(split) \($0)" } }.joined(separator: ", ")
            var text = "\(maps) \(how): \(outcome.exampleCount) salience maps (\(splitText)), \(outcome.vocabularySize) distinct tokens, classes \(outcome.classes.joined(separator: ", ")), run \(name) in \(common.workspace)."
            if outcome.unlabeledCount > 0 {
                text += "\n\(outcome.unlabeledCount) lines have no label; their label is the prediction, and evaluate leaves them out."
            }
            print(text + "\nNext: salience cluster --k 5 (or compare --truth-regex RE), with the vocab or pmi representation.")
        }
    }
}
