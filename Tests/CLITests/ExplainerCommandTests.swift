import Foundation
import Testing

/// `--method lrp | occlusion | lime | decomposition`, `show --ngrams` and `predict` from the command line.
@Suite("Explainers from the command line", .serialized)
struct ExplainerCommandTests {
    let project = TinyProject.shared

    func run(_ arguments: [String]) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
    }

    @Test("show --ngrams: the n-gram contributions plus the output biases give the logit; decomposition's δ is rounding")
    func ngrams() throws {
        let listing = try run(["show", "r200", "--ngrams", "--format", "json"]).jsonObject()
        let rows = try #require(listing["ngrams"] as? [[String: Any]])
        let logit = try #require((listing["logit"] as? NSNumber)?.doubleValue)
        let biases = try #require((listing["biases"] as? NSNumber)?.doubleValue)
        let total = rows.compactMap { ($0["contribution"] as? NSNumber)?.doubleValue }.reduce(0, +)
        #expect(!rows.isEmpty && abs(total + biases - logit) < 1e-4)
        for method in ["decomposition", "lrp"] {
            let shown = try run(["show", "r200", "--method", method, "--format", "json"]).jsonObject()
            let delta = try #require((shown["delta"] as? NSNumber)?.doubleValue)
            let target = try #require((shown["targetLogit"] as? NSNumber)?.doubleValue)
            #expect(abs(delta) <= 1e-4 * max(1, abs(target)), "\(method): δ = \(delta)")
        }
    }

    @Test("occlusion (mask, remove) and LIME put a cue word first and leave [CLS] and [SEP] at 0")
    func wordLevel() throws {
        for arguments in [["--method", "occlusion"], ["--method", "occlusion", "--occlusion", "remove"], ["--method", "lime", "--samples", "200"]] {
            let shown = try run(["show", "r200", "--format", "json"] + arguments).jsonObject()
            let tokens = try #require(shown["tokens"] as? [[String: Any]])
            let words = tokens.compactMap { $0["token"] as? String }
            let scores = tokens.compactMap { ($0["score"] as? NSNumber)?.floatValue }
            #expect(scores.first == 0 && scores.last == 0, "[CLS] and [SEP] are no words")
            let best = words[scores.indices.max { scores[$0] < scores[$1] }!]
            #expect((TinyProject.positiveWords + TinyProject.negativeWords).contains(best), "\(arguments): most salient token was \(best)")
        }
    }

    @Test("predict prints one record per text whose probabilities sum to 1, the cue word deciding")
    func predict() throws {
        let result = run(["predict", "--text", "a good film", "--text", "a bad film"])
        try #require(result.status == 0, "\(result.standardError)")
        let records = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        #expect(records.count == 2)
        #expect(records.map { $0["prediction"] as? String } == ["pos", "neg"])
        for record in records {
            let probabilities = try #require(record["probabilities"] as? [String: NSNumber])
            #expect(abs(probabilities.values.map(\.doubleValue).reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test("bad explainer input: one sentence, exit 1, the workspace untouched", arguments: [
        (["attribute", "--method", "lime", "--samples", "0"], "--samples 0"),
        (["attribute", "--method", "occlusion", "--occlusion", "hide"], "hide"),
        (["attribute", "--method", "lrp", "--epsilon", "nan"], "--epsilon"),
        (["predict"], "--data FILE"),
        (["predict", "--data", "no-such-file.txt"], "no-such-file.txt"),
    ])
    func badInput(arguments: [String], mention: String) throws {
        let project = TinyProject.untouched
        let before = project.workspaceDigest()
        let result = CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.hasPrefix("error: ") && message.contains(mention), "\(message)")
        #expect(!message.contains("\n"), "one sentence, one line: \(message)")
        #expect(project.workspaceDigest() == before)
    }
}
