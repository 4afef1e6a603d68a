import Foundation
import Testing

/// Options with a closed set of values: a value outside it is refused before anything runs, and
/// the library's next steps come out as the command to run or the flag to pass.
@Suite("Typed options and next steps", .serialized)
struct OptionValueTests {
    let project = TinyProject.shared

    func run(_ arguments: [String]) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
    }

    @Test("an unknown value is refused with exit 1, one line naming the option and every allowed value", arguments: [
        (["cluster", "--split", "later"], "--split", ["train", "dev", "test", "all"]),
        (["cluster", "--representation", "bag"], "--representation", ["vocab", "emb", "pmi", "avg-emb", "cls"]),
        (["attribute", "--method", "ig", "--quadrature", "simpson"], "--quadrature",
         ["gauss-legendre", "trapezoid", "riemann-left", "riemann-right", "riemann-middle"]),
        (["attribute", "--method", "ig", "--baseline", "unk"], "--baseline", ["zero", "pad", "mask"]),
        (["attribute", "--normalize", "l1"], "--normalize", ["none", "sum"]),
        (["map", "--color-by", "colour"], "--color-by", ["cluster", "label", "prediction", "regex:RE"]),
        (["neighbors", "r200", "--pool", "holdout"], "--pool", ["train", "dev", "test", "all"]),
        (["evaluate", "--format", "yaml"], "--format", ["table", "json"]),
    ] as [([String], String, [String])])
    func unknownValue(arguments: [String], option: String, allowed: [String]) throws {
        let project = TinyProject.untouched
        let before = project.workspaceDigest()
        let result = CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        let value = try #require(arguments.last)
        #expect(message.hasPrefix("error: The value '\(value)' is invalid for '\(option) <"), "\(message)")
        for name in allowed { #expect(message.contains("'\(name)'"), "\(name) missing: \(message)") }
        #expect(message.hasSuffix("See 'salience \(arguments[0]) --help' for more information."), "\(message)")
        #expect(!message.contains("\n"), "one line: \(message)")
        #expect(result.standardOutput.isEmpty)
        #expect(project.workspaceDigest() == before)
    }

    @Test("a method that is neither built in nor the imported run is refused with the built-in ones")
    func unknownMethod() {
        let result = run(["cluster", "--method", "shap"])
        #expect(result.status == 1)
        #expect(result.standardError == "error: --method shap is unknown; use grad-l2, grad-input, ig, lrp, occlusion, lime, decomposition, or import maps under that name.\n",
                "\(result.standardError)")
    }

    @Test("cross-option rules are checked before anything runs", arguments: [
        (["attribute", "--method", "ig", "--quadrature", "trapezoid", "--steps", "1"], "--steps 1 is too few for --quadrature trapezoid; use at least 2"),
        (["cluster", "--truth-regex", "good", "--truth-where", "label=pos"], "Give at most one of --truth-regex and --truth-where."),
        (["attribute", "--data", "reviews.csv"], "--data needs --checkpoint DIR"),
        (["export", "--out", "a.npz", "--maps", "a.jsonl"], "Give exactly one of --out FILE"),
        (["tokenize"], "Give exactly one of --text or --file."),
        (["cluster", "--n-init", "0"], "--n-init must be at least 1, got 0."),
        (["train", "--data", "reviews.csv", "--epochs", "0"], "--epochs must be at least 1, got 0."),
        (["train", "--data", "reviews.csv", "--max-length", "2"], "--max-length must be at least 3"),
        (["train", "--data", "reviews.csv", "--learning-rate", "0"], "--learning-rate must be a positive number"),
        (["train"], "train needs --data FILE"),
    ])
    func crossOption(arguments: [String], mention: String) {
        let result = run(arguments)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        #expect(result.standardError.hasPrefix("error: ") && result.standardError.contains(mention), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "one line: \(result.standardError)")
    }

    @Test("the library's next step is phrased as the command to run or the flag to pass")
    func nextSteps() throws {
        let noVocabulary = CommandRunner.run(["tokenize", "--text", "good film", "--checkpoint", "no-such-checkpoint"], in: project.directory)
        #expect(noVocabulary.status == 1)
        #expect(noVocabulary.standardError == "error: Cannot read the vocabulary file no-such-checkpoint/vocab.txt; it must be the vocab.txt of a BERT checkpoint. Run `salience data fetch minilm`.\n",
                "\(noVocabulary.standardError)")

        let workspace = project.directory.appendingPathComponent("next-step-workspace").path
        let missingBundle = CommandRunner.run(["train", "--data", "Data/rotten-tomatoes.csv", "--checkpoint", project.checkpoint, "--workspace", workspace],
                                              in: project.directory)
        #expect(missingBundle.status == 1)
        #expect(missingBundle.standardError.hasSuffix("does not exist; check the path. Run `salience data fetch rotten-tomatoes`.\n"),
                "\(missingBundle.standardError)")

        let path = project.directory.appendingPathComponent("stars.csv").path
        try "id,body,stars\n1,fine,a\n2,bad,b\n".write(toFile: path, atomically: true, encoding: .utf8)
        let noText = CommandRunner.run(["train", "--data", path, "--checkpoint", project.checkpoint, "--workspace", workspace], in: project.directory)
        #expect(noText.status == 1)
        #expect(noText.standardError == "error: \(path) has no text column \"text\" (its columns are \"id\", \"body\", \"stars\"). Pass --text-column with the name of the text column.\n",
                "\(noText.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace), "no workspace is left behind")
    }

    @Test("map colours by a regular expression or by k-means cluster", arguments: [
        (["--color-by", "regex:good"], "matches /good/"),
        (["--color-by", "cluster", "--k", "3"], "cluster 2"),
    ])
    func mapColoring(arguments: [String], legend: String) throws {
        let svg = project.directory.appendingPathComponent("map-\(UUID().uuidString).svg").path
        let result = run(["map", "--perplexity", "10", "--out", svg] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains(legend), "legend \(legend) missing")
    }

    @Test("help lists the allowed values of every closed option", arguments: [
        (["help", "cluster"], ["(values: train, dev, test, all; default: test)", "(values: vocab, emb, pmi, avg-emb, cls; default: vocab)",
                               "(values: zero, pad, mask; default: zero)", "(values: table, json; default: table)"]),
        (["help", "attribute"], ["(values: none, sum; default: none)", "(values: grad-l2, grad-input, ig, lrp, occlusion, lime, decomposition)"]),
        (["help", "map"], ["(values: cluster, label, prediction, regex:RE; default: label)"]),
        (["help", "sensitivity", "insert"], ["(values: train, dev, test; default: test)"]),
    ])
    func helpListsValues(arguments: [String], fragments: [String]) {
        let result = CommandRunner.run(arguments, in: project.directory)
        #expect(result.status == 0, "\(result.standardError)")
        // Help wraps at the terminal width; compare with line breaks and indentation folded.
        let text = result.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for fragment in fragments { #expect(text.contains(fragment), "\(arguments): \(fragment) missing") }
    }
}
