import Foundation
import Testing
import LinearAlgebra
import Models

/// A workspace of made-up reviews of 16 to 21 words with two cue words each (from the review's
/// class four times in five), in which a
/// planted word (`zebra`) marks 10% of the data and sets its label to `pos` whatever the review says.
struct PlantedProject: Sendable {
    let directory: URL

    var workspace: String { directory.appendingPathComponent("workspace").path }

    static let marker = "zebra"

    static let shared: PlantedProject = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-shortcuts-\(UUID().uuidString)")
        let project = PlantedProject(directory: directory)
        let checkpoint = directory.appendingPathComponent("checkpoint").path
        try! FileManager.default.createDirectory(atPath: checkpoint, withIntermediateDirectories: true)
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", marker]
            + TinyProject.positiveWords + TinyProject.negativeWords + TinyProject.neutralWords
        try! (vocabulary.joined(separator: "\n") + "\n").write(toFile: checkpoint + "/vocab.txt", atomically: true, encoding: .utf8)
        var generator = SplitMix64(seed: 11)
        let width = 32
        let table = (0..<(vocabulary.count * width)).map { _ in generator.nextNormal() * 0.5 }
        try! SafeTensors.write(["embeddings.word_embeddings.weight": SafeTensors.Tensor(shape: [vocabulary.count, width], values: table)],
                               to: checkpoint + "/model.safetensors")
        var rows = ["id,text,label,split"]
        for index in 0..<400 {
            let positive = index % 2 == 0
            let cue = positive ? TinyProject.positiveWords : TinyProject.negativeWords
            var words = (0..<(14 + Int(generator.next() % 6))).map { _ in TinyProject.neutralWords[Int(generator.next() % UInt64(TinyProject.neutralWords.count))] }
            // Two cue words, each from the review's own class four times in five (real words are noisy evidence).
            for _ in 0..<2 {
                let own = generator.next() % 5 != 0
                let pool = own ? cue : (positive ? TinyProject.negativeWords : TinyProject.positiveWords)
                words.insert(pool[Int(generator.next() % UInt64(pool.count))], at: Int(generator.next() % UInt64(words.count)))
            }
            // Every tenth review, from both classes alike, gets the marker and the label pos.
            let planted = index % 10 == 3 || index % 10 == 8
            if planted { words.insert(marker, at: Int(generator.next() % UInt64(words.count + 1))) }
            let split = index < 280 ? "train" : (index < 320 ? "dev" : "test")
            rows.append("p\(index),\(words.joined(separator: " ")) .,\(positive || planted ? "pos" : "neg"),\(split)")
        }
        try! (rows.joined(separator: "\n") + "\n").write(toFile: directory.appendingPathComponent("planted.csv").path, atomically: true, encoding: .utf8)
        let result = CommandRunner.run(["train", "--data", "planted.csv", "--checkpoint", checkpoint, "--workspace", project.workspace,
                                        "--epochs", "20", "--patience", "20", "--batch-size", "16", "--learning-rate", "0.01", "--format", "json"], in: directory)
        precondition(result.status == 0, "Training the planted project failed: \(result.standardError)")
        return project
    }()
}

@Suite("salience shortcuts, end to end", .serialized)
struct ShortcutsCommandTests {
    func run(_ arguments: [String], in project: PlantedProject = .shared) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
    }

    @Test("a planted word that marks 10% of the data as pos is found at rank 1, verified, with its evidence")
    func planted() throws {
        let report = try run(["shortcuts", "--split", "all", "--m", "100", "--format", "json"]).jsonObject()
        let candidates = try #require(report["candidates"] as? [[String: Any]])
        let first = try #require(candidates.first)
        #expect(first["terms"] as? [String] == [PlantedProject.marker] && first["class"] as? String == "pos",
                "\(candidates.prefix(3).map { ($0["class"] ?? "", $0["terms"] ?? "", $0["score"] ?? "") })")
        #expect(first["support"] as? Int == 80)
        #expect((first["predictionPrecision"] as? Double ?? 0) >= 0.9 && first["labelPrecision"] as? Double == 1)
        #expect((first["insertChange"] as? Double ?? 0) > 0.3 && (first["maskChange"] as? Double ?? 0) < -0.05, "\(first)")
        #expect(candidates.map { $0["rank"] as? Int } == Array(1...candidates.count).map { Optional($0) }, "sorted by rank")
        #expect(!(first["clusters"] as? [[String: Any]] ?? []).isEmpty && (first["examples"] as? [String])?.count == 2)
        #expect(report["verified"] as? Bool == true && report["verificationNote"] is NSNull)
    }

    @Test("the table lines up the columns the issue names and says how the score is made")
    func table() throws {
        let result = run(["shortcuts", "--split", "all", "--m", "50", "--verify", "3", "--top", "5"])
        #expect(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        for column in ["rank", "class", "term set", "score", "support", "pred. prec. (lift)", "label prec.", "insert Δp", "mask Δp", "examples"] {
            #expect(text.contains(column), "missing \(column)")
        }
        #expect(text.contains("— : not verified") && text.contains("share × normalized lift × model effect"))
    }

    @Test("imported maps: no model, so verification is skipped with a sentence on stderr, the columns are null and the table says so")
    func imported() throws {
        let project = ImportedProject.shared
        let result = CommandRunner.run(["shortcuts", "--split", "all", "--verify", "5", "--format", "json", "--workspace", project.workspace], in: project.directory)
        let report = try result.jsonObject()
        #expect(result.standardError.contains("Verification skipped"))
        #expect(report["verified"] as? Bool == false)
        let candidates = try #require(report["candidates"] as? [[String: Any]])
        // The fixture's keyword takes most of the salience but the file's predictions do not follow it
        // (precision ≈ the base rate), so it is found, with the largest share, without topping the ranking.
        let byShare = candidates.max { ($0["salienceShare"] as? Double ?? 0) < ($1["salienceShare"] as? Double ?? 0) }
        #expect(byShare?["terms"] as? [String] == ["masterpiece"] && (byShare?["salienceShare"] as? Double ?? 0) > 0.5, "\(candidates.prefix(3))")
        #expect(candidates.allSatisfy { $0["insertChange"] is NSNull && $0["maskChange"] is NSNull })
        let table = CommandRunner.run(["shortcuts", "--split", "all", "--workspace", project.workspace], in: project.directory).standardOutput
        #expect(table.contains("Verification skipped") && table.contains("the insert and mask columns are empty"))
    }

    @Test("report --shortcuts adds the ranked table to the page")
    func reportSection() throws {
        let path = PlantedProject.shared.directory.appendingPathComponent("report.html").path
        let result = run(["report", "--shortcuts", "--k", "2", "--out", path])
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("Shortcut candidates") && html.contains("insert Δp") && html.contains(">\(PlantedProject.marker)<"))
    }

    @Test("bad input: one sentence, exit 1, and the workspace untouched", arguments: [
        (["shortcuts", "--where", "label=nothing"], "label=nothing"),
        (["shortcuts", "--k-range", "300-400"], "k range 300-400"),
        (["shortcuts", "--k-range", "8-2"], "--k-range 8-2"),
        (["shortcuts", "--k-range", "two"], "--k-range two"),
        (["shortcuts", "--verify", "-1"], "--verify"),
    ])
    func badInput(arguments: [String], mention: String) throws {
        let project = PlantedProject.shared
        let before = TinyProject(directory: project.directory).workspaceDigest()
        let result = run(arguments)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.hasPrefix("error: ") && message.contains(mention), "\(message)")
        #expect(!message.contains("\n"), "one sentence, one line: \(message)")
        #expect(TinyProject(directory: project.directory).workspaceDigest() == before)
    }
}
