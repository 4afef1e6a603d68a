import Foundation
import Testing

/// The maps of scripts/captum_like_maps.py on Fixtures/tiny-reviews.csv (keyword: masterpiece), imported once.
struct ImportedProject: Sendable {
    let directory: URL

    var workspace: String { directory.appendingPathComponent("workspace").path }

    /// Fixtures/captum-like-maps.jsonl: 200 lines, 40 of them with the planted keyword.
    static let fixture = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent("captum-like-maps.jsonl").path

    static let shared: ImportedProject = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-import-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let project = ImportedProject(directory: directory)
        let result = CommandRunner.run(["import", "--maps", fixture, "--workspace", project.workspace], in: directory)
        precondition(result.status == 0, "Importing the fixture failed: \(result.standardError)")
        return project
    }()

    /// A digest of every file under `path` (names and bytes).
    static func digest(of path: String) -> [String: Int] {
        var digest: [String: Int] = [:]
        if let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator {
                if let data = FileManager.default.contents(atPath: url.path) { digest[url.path] = data.hashValue }
            }
        }
        return digest
    }
}

@Suite("salience import, end to end", .serialized)
struct ImportCommandTests {
    let project = ImportedProject.shared

    func run(_ arguments: [String]) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
    }

    func json(_ result: CommandResult) throws -> [String: Any] { try result.jsonObject() }

    @Test("the import summary counts the fixture, and importing it again is a lookup")
    func summary() throws {
        let summary = try json(run(["import", "--maps", ImportedProject.fixture, "--format", "json"]))
        #expect(summary["examples"] as? Int == 200)
        #expect(summary["classes"] as? [String] == ["neg", "pos"])
        #expect(summary["method"] as? String == "external")
        #expect(summary["reused"] as? Bool == true)
        #expect(summary["splits"] as? [String: Int] == ["train": 120, "dev": 30, "test": 50])
    }

    @Test("cluster finds the planted keyword cluster, with the imported run as the default method")
    func cluster() throws {
        let report = try json(run(["cluster", "--k", "4", "--split", "all", "--truth-regex", "masterpiece", "--format", "json"]))
        #expect(report["method"] as? String == "external")
        let truth = try #require(report["truth"] as? [String: Any])
        #expect(truth["truthCount"] as? Int == 40)
        #expect((truth["precision"] as? Double ?? 0) >= 0.95, "\(truth)")
        #expect((truth["recall"] as? Double ?? 0) >= 0.95, "\(truth)")
        let clusters = try #require(report["clusters"] as? [[String: Any]])
        let best = try #require(clusters.first { $0["id"] as? Int == truth["bestCluster"] as? Int })
        let terms = (best["topTerms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
        #expect(terms.first == "masterpiece", "\(terms)")
        let allTerms = clusters.flatMap { ($0["topTerms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String } }
        #expect(!allTerms.contains("[CLS]") && !allTerms.contains(",") && !allTerms.contains("."), "special tokens and punctuation stay out: \(allTerms)")
    }

    @Test("compare keeps the vocab and pmi rows and skips the model-only ones with the reason")
    func compare() throws {
        let report = try json(run(["compare", "--k", "4", "--split", "all", "--truth-regex", "masterpiece", "--format", "json"]))
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["representation"] as? String } == ["vocab", "pmi"])
        let vocab = try #require(rows.first)
        #expect(vocab["method"] as? String == "external")
        #expect((vocab["precision"] as? Double ?? 0) >= 0.95 && (vocab["recall"] as? Double ?? 0) >= 0.95, "\(vocab)")
        let skipped = try #require(report["skipped"] as? [[String: Any]])
        #expect(skipped.compactMap { $0["representation"] as? String } == ["emb", "avg-emb", "cls"])
        for entry in skipped {
            let reason = entry["reason"] as? String ?? ""
            #expect(reason.contains("were imported (external), so use vocab or pmi."), "\(reason)")
        }
        let table = run(["compare", "--k", "4", "--split", "all", "--truth-regex", "masterpiece"]).standardOutput
        #expect(table.contains("Skipped emb, avg-emb, cls"), "\(table)")
    }

    @Test("show, evaluate, neighbors, map, wordcloud and export work on imported maps")
    func otherCommands() throws {
        let shown = try json(run(["show", "t000", "--format", "json"]))
        let line = try #require(String(contentsOfFile: ImportedProject.fixture, encoding: .utf8).split(separator: "\n").first)
        let original = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let tokens = try #require(shown["tokens"] as? [[String: Any]])
        #expect(tokens.compactMap { $0["token"] as? String } == original["tokens"] as? [String])
        let scores = tokens.compactMap { ($0["score"] as? NSNumber)?.floatValue }
        #expect(scores == (original["scores"] as? [NSNumber] ?? []).map { Float($0.doubleValue) })
        #expect(shown["targetLogit"] == nil, "imported maps carry no logits")
        #expect(shown["metadata"] as? [String: String] == ["source": "web"])

        let metrics = try json(run(["evaluate", "--split", "all", "--format", "json"]))
        #expect(metrics["n"] as? Int == 200)
        let neighbors = try json(run(["neighbors", "t150", "--pool", "all", "--n", "3", "--format", "json"]))
        let found = try #require(neighbors["neighbors"] as? [[String: Any]])
        #expect(found.allSatisfy { ($0["sharedTerms"] as? [String] ?? []).contains("masterpiece") }, "\(found)")
        let svg = project.directory.appendingPathComponent("map.svg").path
        #expect(run(["map", "--split", "all", "--out", svg]).status == 0)
        #expect(FileManager.default.fileExists(atPath: svg))
        let clouds = project.directory.appendingPathComponent("clouds").path
        #expect(run(["wordcloud", "--k", "3", "--out", clouds]).status == 0)
        for representation in ["vocab", "pmi"] {
            let path = project.directory.appendingPathComponent("\(representation).npz").path
            let result = run(["export", "--representation", representation, "--out", path])
            #expect(result.status == 0, "\(result.standardError)")
        }
    }

    @Test("what needs the model is refused in one sentence, and nothing is written", arguments: [
        (["cluster", "--representation", "emb"],
         "error: The representation emb needs the model's embedding table; the maps in this workspace were imported (external), so use vocab or pmi."),
        (["neighbors", "t150", "--pool", "all", "--representation", "avg-emb"], "The representation avg-emb needs the model's embedding table"),
        (["map", "--representation", "cls"], "The representation cls needs the model's own features"),
        (["export", "--representation", "emb", "--out", "emb.npz"], "The representation emb needs"),
        (["attribute"], "attribute needs the model"),
        (["cluster", "--method", "grad-l2"], "only the imported method external is available"),
        (["show", "t000", "--method", "ig"], "needs the model"),
        (["show", "t000", "--method", "lrp"], "needs the model"),
    ])
    func modelOnly(arguments: [String], mention: String) throws {
        let before = ImportedProject.digest(of: project.workspace)
        let result = run(arguments)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.contains(mention), "\(message)")
        #expect(message.hasPrefix("error: ") && !message.contains("\n"), "one sentence, one line: \(message)")
        #expect(ImportedProject.digest(of: project.workspace) == before)
    }

    static let good = #"{"id": "a", "tokens": ["[CLS]", "fine", "[SEP]"], "scores": [0.1, 0.9, 0.1], "label": "pos"}"#
    static let good2 = #"{"id": "b", "tokens": ["dull"], "scores": [1.5], "prediction": "neg", "probability": 0.7}"#

    @Test("a malformed line names the file and line, exits 1, and imports nothing", arguments: [
        ("invalid-json", [good, #"{"id": "c", "tokens": ["#], "line 2"),
        ("missing-id", [good, good2, #"{"tokens": ["x"], "scores": [1], "label": "pos"}"#], "line 3"),
        ("duplicate-id", [good, good2, good], "line 3 repeats the id \"a\" of line 1"),
        ("length-mismatch", [good, #"{"id": "c", "tokens": ["x", "y"], "scores": [1], "label": "pos"}"#], "line 2 has 2 tokens but 1 scores"),
        ("nan-score", [good, #"{"id": "c", "tokens": ["x"], "scores": [NaN], "label": "pos"}"#], "line 2 has a NaN"),
        ("infinite-score", [good, #"{"id": "c", "tokens": ["x"], "scores": [-Infinity], "label": "pos"}"#], "line 2 has a NaN or infinite"),
        ("string-score", [good, #"{"id": "c", "tokens": ["x"], "scores": ["0.5"], "label": "pos"}"#], "line 2 has the score \"0.5\""),
        ("float-overflow", [good, #"{"id": "c", "tokens": ["x"], "scores": [1e39], "label": "pos"}"#], "line 2 has a score at index 0 (1e+39) beyond the range of 32-bit floats"),
        ("empty-tokens", [good, #"{"id": "c", "tokens": [], "scores": [], "label": "pos"}"#], "line 2 has an empty \"tokens\""),
        ("tokens-string", [good, #"{"id": "c", "tokens": "x y", "scores": [1, 2], "label": "pos"}"#], "line 2"),
        ("label-bool", [good, #"{"id": "c", "tokens": ["x"], "scores": [1], "label": true}"#], "line 2 has the label true"),
        ("no-class", [good, #"{"id": "c", "tokens": ["x"], "scores": [1]}"#], "line 2 has neither \"label\" nor \"prediction\""),
        ("probability", [good, #"{"id": "c", "tokens": ["x"], "scores": [1], "label": "pos", "probability": 1.5}"#], "line 2"),
        ("split", [good, #"{"id": "c", "tokens": ["x"], "scores": [1], "label": "pos", "split": "later"}"#], "line 2"),
        ("not-object", [good, "", #"[1, 2]"#], "line 3"),
    ] as [(String, [String], String)])
    func malformed(name: String, lines: [String], mention: String) throws {
        let path = project.directory.appendingPathComponent("\(name).jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        // Into a new workspace: refused, and the workspace is not created.
        let fresh = project.directory.appendingPathComponent("fresh-\(name)").path
        let result = CommandRunner.run(["import", "--maps", path, "--workspace", fresh], in: project.directory)
        #expect(result.status == 1, "exit \(result.status): \(result.standardError)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.hasPrefix("error: \(path) "), "names the file: \(message)")
        #expect(message.contains(mention), "\(message)")
        #expect(!message.contains("\n"), "one sentence, one line: \(message)")
        #expect(!FileManager.default.fileExists(atPath: fresh), "no workspace is left behind")
        // Into an existing workspace: refused, and not one byte changes.
        let before = ImportedProject.digest(of: project.workspace)
        let again = run(["import", "--maps", path, "--name", "other"])
        #expect(again.status == 1)
        #expect(ImportedProject.digest(of: project.workspace) == before)
    }
}
