import ArgumentParser
import Foundation
import Models
import Services

/// `salience predict`: class probabilities of the current model for texts, as JSON, so that other
/// tools (the reference LIME package, notebooks) can call the model.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Class probabilities of the current model for texts, as JSON records (one per text).")

    @Option(help: "A text file with one text per line (`-` reads standard input).")
    var data: String?

    @Option(help: "A text to classify; repeat for more.")
    var text: [String] = []

    @OptionGroup var common: WorkspaceOptions

    /// One text's prediction: a record pandas reads as a row.
    struct Prediction: Codable {
        var index: Int
        var prediction: String
        var probabilities: [String: Float]
    }

    func validate() throws {
        guard (data != nil) != !text.isEmpty else {
            throw ValidationError("predict needs exactly one of --data FILE (one text per line) or --text T.")
        }
    }

    func run() throws {
        try Console.run {
            let session = try common.session()
            guard let classifier = session.model.classifier else {
                throw session.model.externalRefusal("predict needs the model to compute probabilities", remedy: "train or adopt a model")
            }
            let texts = try data.map(Self.readLines) ?? text
            var predictions: [Prediction] = []
            predictions.reserveCapacity(texts.count)
            var start = 0
            while start < texts.count {
                let chunk = texts[start..<min(start + 256, texts.count)]
                let probabilities = classifier.probabilities(classifier.batch(chunk.map(session.model.encode)))
                for row in 0..<chunk.count {
                    let values = (0..<probabilities.columnCount).map { probabilities[row, $0] }
                    let best = values.indices.max { values[$0] < values[$1] } ?? 0
                    predictions.append(Prediction(index: start + row, prediction: session.classes[best],
                                                  probabilities: Dictionary(uniqueKeysWithValues: zip(session.classes, values))))
                }
                start += chunk.count
            }
            Console.printJSON(predictions)
        }
    }

    /// The lines of `path` (`-`: standard input), a trailing empty line dropped.
    static func readLines(_ path: String) throws -> [String] {
        let contents: String
        if path == "-" {
            contents = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CommandError("Cannot read --data \(path) as UTF-8 text; pass a file with one text per line.")
            }
            contents = text
        }
        var lines = contents.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
