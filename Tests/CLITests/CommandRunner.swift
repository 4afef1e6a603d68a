import Foundation
import Testing
import LinearAlgebra
import Models

/// Runs the built `salience` binary and captures what it prints.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// The JSON object a successful `--format json` command printed; fails the test (with the
    /// command's stderr) when it exited non-zero or printed anything else.
    func jsonObject() throws -> [String: Any] {
        try #require(status == 0, "exit \(status): \(standardError)")
        return try #require(JSONSerialization.jsonObject(with: Data(standardOutput.utf8)) as? [String: Any])
    }
}

enum CommandRunner {
    /// The package root, found from this file's path.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("No Package.swift above \(#filePath)")
    }()

    /// The debug binary built next to the tests.
    static let binary: URL = {
        let candidates = [".build/debug/salience", ".build/x86_64-unknown-linux-gnu/debug/salience", ".build/release/salience"]
        for candidate in candidates {
            let url = packageRoot.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        fatalError("Build the salience binary first (swift build); looked for \(candidates)")
    }()

    /// Runs `salience arguments…` in `directory` and waits for it.
    static func run(_ arguments: [String], in directory: URL) -> CommandResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { return CommandResult(status: -1, standardOutput: "", standardError: "\(error)") }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// A small trained workspace on made-up reviews, shared by the CLI tests.
struct TinyProject: Sendable {
    let directory: URL

    var workspace: String { directory.appendingPathComponent("workspace").path }
    var checkpoint: String { directory.appendingPathComponent("checkpoint").path }
    var data: String { directory.appendingPathComponent("reviews.csv").path }

    static let positiveWords = ["good", "great", "excellent", "wonderful", "superb", "moving"]
    static let negativeWords = ["bad", "awful", "terrible", "boring", "dull", "tedious"]
    static let neutralWords = ["the", "movie", "film", "story", "plot", "acting", "a", "was", "and", "it", "cast", "scene"]

    /// The project most CLI tests share (and add salience runs to).
    static let shared = make(attribute: false)

    /// A second project, with its Grad-L2 maps computed, that only refused commands touch: its bytes
    /// prove a failing command wrote nothing, which the shared one cannot while other suites run
    /// commands on it in parallel.
    static let untouched = make(attribute: true)

    /// Writes a checkpoint (vocab.txt + random word-piece embeddings) and a labelled CSV, then trains
    /// (and computes the Grad-L2 maps when `attribute`).
    static func make(attribute: Bool) -> TinyProject {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-cli-\(UUID().uuidString)")
        let project = TinyProject(directory: directory)
        try! FileManager.default.createDirectory(atPath: project.checkpoint, withIntermediateDirectories: true)
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "!"] + positiveWords + negativeWords + neutralWords
        try! (vocabulary.joined(separator: "\n") + "\n").write(toFile: project.checkpoint + "/vocab.txt", atomically: true, encoding: .utf8)
        var generator = SplitMix64(seed: 3)
        let width = 32
        let table = (0..<(vocabulary.count * width)).map { _ in generator.nextNormal() * 0.5 }
        try! SafeTensors.write(["embeddings.word_embeddings.weight": SafeTensors.Tensor(shape: [vocabulary.count, width], values: table)],
                               to: project.checkpoint + "/model.safetensors")
        var rows = ["id,text,label,split,source"]
        for index in 0..<240 {
            let positive = index % 2 == 0
            let cue = positive ? positiveWords : negativeWords
            var words: [String] = []
            for _ in 0..<5 { words.append(neutralWords[Int(generator.next() % UInt64(neutralWords.count))]) }
            // Every review carries its class's anchor word (good / bad), half of them a second cue word too.
            words.insert(cue[0], at: Int(generator.next() % 5))
            if generator.next() % 2 == 0 { words.insert(cue[1 + Int(generator.next() % UInt64(cue.count - 1))], at: Int(generator.next() % 6)) }
            let split = index < 160 ? "train" : (index < 200 ? "dev" : "test")
            rows.append("r\(index),\(words.joined(separator: " ")) .,\(positive ? "pos" : "neg"),\(split),\(index % 3 == 0 ? "web" : "print")")
        }
        try! (rows.joined(separator: "\n") + "\n").write(toFile: project.data, atomically: true, encoding: .utf8)
        let result = CommandRunner.run(["train", "--data", project.data, "--checkpoint", project.checkpoint, "--workspace", project.workspace,
                                        "--epochs", "20", "--patience", "20", "--batch-size", "16", "--learning-rate", "0.01", "--format", "json"], in: directory)
        precondition(result.status == 0, "Training the tiny project failed: \(result.standardError)")
        if attribute {
            let maps = CommandRunner.run(["attribute", "--workspace", project.workspace], in: directory)
            precondition(maps.status == 0, "Attributing the tiny project failed: \(maps.standardError)")
        }
        return project
    }

    /// A digest of every file under the workspace (names and bytes), to prove a failed command wrote nothing.
    func workspaceDigest() -> [String: Int] {
        var digest: [String: Int] = [:]
        let root = URL(fileURLWithPath: workspace)
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator {
                if let data = FileManager.default.contents(atPath: url.path) { digest[url.path] = data.hashValue }
            }
        }
        return digest
    }
}
