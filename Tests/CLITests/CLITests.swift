import Foundation
import Testing

@Suite("The command line, end to end", .serialized)
struct CLITests {
    let project = TinyProject.shared

    func run(_ arguments: [String]) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
    }

    func json(_ result: CommandResult) throws -> [String: Any] { try result.jsonObject() }

    @Test("evaluate reports accuracy that agrees with its confusion matrix")
    func evaluate() throws {
        let report = try json(run(["evaluate", "--split", "test", "--format", "json"]))
        let confusion = try #require(report["confusion"] as? [[Int]])
        let n = try #require(report["n"] as? Int)
        let accuracy = try #require(report["accuracy"] as? Double)
        #expect(n == 40)
        #expect(confusion.flatMap { $0 }.reduce(0, +) == n)
        #expect(abs(accuracy - Double(confusion[0][0] + confusion[1][1]) / Double(n)) < 1e-9)
        #expect(accuracy >= 0.8, "the cue words decide the label, so the CNN should learn them")
    }

    @Test("show gives one score per token, and the cue word is the most salient")
    func show() throws {
        let shown = try json(run(["show", "r200", "--format", "json"]))
        let tokens = try #require(shown["tokens"] as? [[String: Any]])
        let text = try #require(shown["text"] as? String)
        #expect(tokens.first?["token"] as? String == "[CLS]")
        #expect(tokens.last?["token"] as? String == "[SEP]")
        #expect(tokens.count == text.split(separator: " ").count + 2, "every word of the fixture is one vocabulary token")
        let words = tokens.dropFirst().dropLast().compactMap { $0["token"] as? String }
        let scores = tokens.dropFirst().dropLast().compactMap { ($0["score"] as? NSNumber)?.floatValue }
        let best = words[scores.indices.max { scores[$0] < scores[$1] }!]
        #expect((TinyProject.positiveWords + TinyProject.negativeWords).contains(best), "most salient token was \(best)")
    }

    @Test("cluster on the vocab representation separates the classes and names their cue words")
    func cluster() throws {
        let report = try json(run(["cluster", "--k", "2", "--format", "json", "--truth-where", "label=pos"]))
        let clusters = try #require(report["clusters"] as? [[String: Any]])
        #expect(clusters.count == 2)
        #expect(clusters.compactMap { $0["size"] as? Int }.reduce(0, +) == 40)
        let truth = try #require(report["truth"] as? [String: Any])
        #expect((truth["precision"] as? Double ?? 0) >= 0.8)
        let terms = clusters.flatMap { ($0["topTerms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String } }
        #expect(!terms.contains("[CLS]") && !terms.contains("."), "special tokens and punctuation stay out of top terms")
    }

    @Test("compare reports all five representations")
    func compare() throws {
        let report = try json(run(["compare", "--k", "2", "--truth-regex", "good|great|excellent|wonderful|superb|moving", "--format", "json"]))
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["representation"] as? String }) == ["vocab", "emb", "pmi", "avg-emb", "cls"])
    }

    @Test("neighbours share the query's salient terms, and the table marks the shared ones")
    func neighbors() throws {
        let report = try json(run(["neighbors", "r200", "--n", "3", "--format", "json"]))
        let query = try #require(report["query"] as? [String: Any])
        let queryTerms = try #require(query["topTerms"] as? [String])
        let neighbors = try #require(report["neighbors"] as? [[String: Any]])
        #expect(neighbors.count == 3)
        let similarities = neighbors.compactMap { ($0["similarity"] as? NSNumber)?.floatValue }
        #expect(similarities == similarities.sorted(by: >), "most similar first")
        for neighbor in neighbors {
            let terms = try #require(neighbor["topTerms"] as? [String])
            let shared = try #require(neighbor["sharedTerms"] as? [String])
            #expect(shared == queryTerms.filter(terms.contains))
            #expect(neighbor["label"] as? String == query["prediction"] as? String, "default pool: gold label = the query's prediction")
        }
        #expect(neighbors.contains { !($0["sharedTerms"] as? [String] ?? []).isEmpty }, "the anchor word is shared")
        let table = run(["neighbors", "r200", "--n", "3"]).standardOutput
        let firstShared = try #require(neighbors.compactMap { ($0["sharedTerms"] as? [String] ?? []).first }.first)
        #expect(table.contains("*" + firstShared), "shared terms are starred in the table:\n\(table)")
    }

    @Test("Integrated Gradients maps carry a small completeness gap and appear in compare")
    func integratedGradients() throws {
        let shown = try json(run(["show", "r201", "--method", "ig", "--steps", "64", "--format", "json"]))
        let delta = try #require((shown["delta"] as? NSNumber)?.doubleValue)
        let logit = try #require((shown["targetLogit"] as? NSNumber)?.doubleValue)
        let baseline = try #require((shown["baselineLogit"] as? NSNumber)?.doubleValue)
        #expect(abs(delta) <= 0.01 * abs(logit - baseline) + 1e-4, "δ = \(delta), f(x) − f(b) = \(logit - baseline)")
        let recipe = try #require(shown["recipe"] as? [String: Any])
        #expect(recipe["steps"] as? Int == 64 && recipe["quadrature"] as? String == "gauss-legendre" && recipe["baseline"] as? String == "zero")
        #expect(run(["attribute", "--method", "ig", "--steps", "64"]).status == 0)
        let comparison = try json(run(["compare", "--k", "2", "--truth-where", "label=pos", "--format", "json"]))
        let methods = (comparison["rows"] as? [[String: Any]] ?? []).compactMap { $0["method"] as? String }
        #expect(methods.contains("grad-l2") && methods.contains("ig-64"), "\(methods)")
    }

    @Test("a second run computes nothing new: the workspace bytes stay the same")
    func cached() throws {
        // A private copy of the project no suite writes to: the shared one changes while other suites run.
        let copy = TinyProject(directory: FileManager.default.temporaryDirectory.appendingPathComponent("salience-cli-cached-\(UUID().uuidString)"))
        try FileManager.default.copyItem(at: TinyProject.untouched.directory, to: copy.directory)
        defer { try? FileManager.default.removeItem(at: copy.directory) }
        let arguments = ["cluster", "--k", "2", "--format", "json", "--workspace", copy.workspace]
        _ = try json(CommandRunner.run(arguments, in: copy.directory))
        let before = copy.workspaceDigest()
        #expect(!before.isEmpty)
        _ = try json(CommandRunner.run(arguments, in: copy.directory))
        #expect(copy.workspaceDigest() == before)
    }

    @Test("the vocab export loads as SciPy CSR arrays with ids")
    func export() throws {
        let path = project.directory.appendingPathComponent("vocab.npz").path
        let result = run(["export", "--representation", "vocab", "--out", path])
        #expect(result.status == 0, "\(result.standardError)")
        let data = try #require(FileManager.default.contents(atPath: path))
        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        for member in ["indices.npy", "indptr.npy", "format.npy", "shape.npy", "data.npy", "ids.npy"] {
            #expect(data.range(of: Data(member.utf8)) != nil, "missing \(member)")
        }
    }

    @Test("bad input: one sentence, exit 1, and the workspace untouched", arguments: [
        (["show", "no-such-id"], "no-such-id"),
        (["cluster", "--k", "500"], "--k 500"),
        (["cluster", "--where", "label=nothing"], "label=nothing"),
        (["cluster", "--where", "colour=red"], "colour"),
        (["evaluate", "--split", "later"], "--split"),
        (["compare", "--k", "2"], "truth"),
        (["attribute", "--method", "shap"], "--method"),
        (["attribute", "--method", "ig", "--steps", "0"], "--steps"),
        (["neighbors", "r200", "--n", "0"], "--n"),
        (["neighbors", "r0"], "not in the analysed slice"),
        (["map", "--perplexity", "30"], "perplexity"),
        (["cluster", "--representation", "bag"], "'bag' is invalid for '--representation"),
        (["cluster", "--where", "label="], "--where label=: The filter condition \"label=\" has no value"),
        (["compare", "--truth-where", "=3"], "--truth-where =3: The filter condition \"=3\" has no key"),
        (["map", "--color-by", "regex:("], "--color-by regex:( is not a valid regular expression"),
        (["export", "--out", "vocab.csv"], "--out vocab.csv must end in .npz or .npy"),
    ])
    func badInput(arguments: [String], mention: String) throws {
        let project = TinyProject.untouched
        let before = project.workspaceDigest()
        let result = CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.hasPrefix("error: "), "\(message)")
        #expect(message.contains(mention), "\(message)")
        #expect(!message.contains("\n"), "one sentence, one line: \(message)")
        #expect(project.workspaceDigest() == before)
    }

    @Test("bad data files are refused before a workspace is created", arguments: [
        ("missing.csv", nil, "missing.csv"),
        ("no-text.csv", "id,body,label\n1,fine,a\n2,bad,b\n", "--text-column"),
        ("quote.csv", "id,text,label\n1,\"fine,a\n2,bad,b\n", "line"),
        ("broken.jsonl", "{\"id\": 1, \"text\": \"fine\", \"label\": \"a\"}\n{\"id\": 2, \"text\": \n", "line 2"),
        ("empty-text.csv", "id,text,label\n1,fine,a\n2,,b\n", "line 3"),
        ("one-class.csv", "id,text,label\n1,fine,a\n2,good,a\n", "class"),
    ] as [(String, String?, String)])
    func badDataFiles(name: String, content: String?, mention: String) throws {
        let path = project.directory.appendingPathComponent(name).path
        if let content { try content.write(toFile: path, atomically: true, encoding: .utf8) }
        let workspace = project.directory.appendingPathComponent("fresh-\(name)").path
        let result = CommandRunner.run(["train", "--data", path, "--checkpoint", project.checkpoint, "--workspace", workspace], in: project.directory)
        #expect(result.status == 1, "exit \(result.status): \(result.standardError)")
        #expect(result.standardError.contains(mention), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace), "no workspace is left behind")
    }

    @Test("data synth refuses a dataset that is not binary")
    func synthNeedsBinary() throws {
        let path = project.directory.appendingPathComponent("three.csv").path
        try "id,text,label\n1,fine,a\n2,bad,b\n3,ok,c\n".write(toFile: path, atomically: true, encoding: .utf8)
        let output = project.directory.appendingPathComponent("three-synth.csv").path
        let result = CommandRunner.run(["data", "synth", "--input", path, "--output", output], in: project.directory)
        #expect(result.status == 1)
        #expect(result.standardError.contains("binary"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("a corrupt checkpoint is named and nothing is written")
    func corruptCheckpoint() throws {
        // Work on a copy so the shared workspace stays intact.
        let copy = project.directory.appendingPathComponent("corrupt-workspace").path
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: project.workspace, toPath: copy)
        let models = try FileManager.default.contentsOfDirectory(atPath: copy + "/models").filter { !$0.hasPrefix(".") }
        let weights = copy + "/models/" + models[0] + "/model.safetensors"
        let data = try #require(FileManager.default.contents(atPath: weights))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: weights))
        let result = CommandRunner.run(["evaluate", "--workspace", copy], in: project.directory)
        #expect(result.status == 1)
        #expect(result.standardError.contains("model.safetensors") || result.standardError.contains("corrupt"), "\(result.standardError)")
    }
}
