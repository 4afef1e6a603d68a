import Foundation
import Testing

@Suite("salience sensitivity, end to end", .serialized)
struct SensitivityCommandTests {
    let project = TinyProject.shared

    func run(_ arguments: [String]) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", project.workspace], in: project.directory)
    }

    func json(_ result: CommandResult) throws -> [String: Any] { try result.jsonObject() }

    /// A seed file in the project folder.
    func seedFile(_ name: String, _ lines: [String]) -> String {
        let path = project.directory.appendingPathComponent(name).path
        try! (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The per-term changes of one list, by term.
    func changes(_ report: [String: Any], list name: String) throws -> [String: Double] {
        let lists = try #require(report["lists"] as? [[String: Any]])
        let list = try #require(lists.first { $0["name"] as? String == name })
        let terms = try #require(list["terms"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: terms.compactMap { term in
            (term["term"] as? String).map { ($0, (term["change"] as? NSNumber)?.doubleValue ?? .nan) }
        })
    }

    @Test("insert: the class's cue word raises p(neg) in pos examples, the other class's lowers it; m above what exists uses all and says so")
    func insert() throws {
        let file = seedFile("cues.txt", ["bad", "good", "awful + terrible", "zebra"])
        let result = run(["sensitivity", "insert", "--class", "neg", "--seeds", "salience", "--seeds", "pmi", "--seeds", file, "--format", "json"])
        let report = try json(result)
        #expect(report["mode"] as? String == "insert" && report["class"] as? String == "neg")
        let lists = try #require(report["lists"] as? [[String: Any]])
        #expect(lists.compactMap { $0["name"] as? String } == ["salience", "pmi", "cues.txt"])
        for list in lists {
            #expect(list["mean"] is NSNumber && list["std"] is NSNumber && list["count"] is NSNumber)
        }
        let given = try changes(report, list: "cues.txt")
        #expect(given["bad"]! > 0.05, "inserting the negative anchor: \(given)")
        #expect(given["good"]! <= 0.01, "inserting the positive anchor: \(given)")
        #expect(given["awful + terrible"]! > given["good"]!)
        #expect(given["zebra"] == nil, "an unknown word is skipped")
        #expect(result.standardError.contains("zebra") && result.standardError.contains("line 4"))
        #expect(report["usedExamples"] as? Int == report["availableExamples"] as? Int)
        #expect(result.standardError.contains("1000 examples per term were asked for, more than the 20"))
        let salience = try changes(report, list: "salience")
        #expect(salience.count == 10, "ten terms occur in at least 20 of the 160 training reviews")
        #expect(salience.keys.contains("bad"), "the anchor word is among the most salient terms of class neg: \(salience.keys.sorted())")
        #expect(!salience.keys.contains("[CLS]") && !salience.keys.contains("."), "special tokens and punctuation stay out")
    }

    @Test("mask: masking the anchor word lowers p(neg), with the occurrences counted, the mask token named, the same seed giving the same numbers")
    func mask() throws {
        let file = seedFile("anchor.txt", ["bad", "good"])
        let first = try json(run(["sensitivity", "mask", "--class", "neg", "--seeds", file, "--format", "json"]))
        #expect(first["maskToken"] as? String == "[UNK]")
        let masked = try changes(first, list: "anchor.txt")
        #expect(masked["bad"]! < -0.2, "\(masked)")
        let lists = try #require(first["lists"] as? [[String: Any]])
        let terms = try #require(lists[0]["terms"] as? [[String: Any]])
        #expect((terms[0]["count"] as? Int ?? 0) >= 20, "every negative test review has its anchor word")
        #expect(terms[1]["change"] is NSNull && terms[1]["count"] as? Int == 0, "the positive anchor never occurs in negative reviews")
        let second = try json(run(["sensitivity", "mask", "--class", "neg", "--seeds", file, "--format", "json"]))
        #expect(try changes(second, list: "anchor.txt")["bad"] == masked["bad"])
    }

    @Test("the table shows the paper's summary, the per-term rows and the throughput footer")
    func table() throws {
        let file = seedFile("pair.txt", ["bad", "good + bad"])
        let result = run(["sensitivity", "insert", "--class", "neg", "--seeds", file, "--m", "10"])
        #expect(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains("prob. change (std)") && text.contains("good + bad"))
        #expect(text.contains("of 40 test examples") == false)
        #expect(text.contains("10 of 20 test examples not of class neg"))
        #expect(text.contains("Model evaluation: 30 sequences"), "10 originals + 2 terms × 10")
        #expect(text.contains("examples/s"))
    }

    @Test("bad input: one sentence, exit 1, and the workspace untouched", arguments: [
        (["sensitivity", "insert", "--class", "nope"], "named nope"),
        (["sensitivity", "insert", "--class", "neg", "--m", "0"], "--m 0"),
        (["sensitivity", "mask", "--class", "neg", "--seeds", "salience", "--seeds", "no-such-seeds.txt"], "no-such-seeds.txt"),
        (["sensitivity", "mask", "--class", "neg", "--seeds", "unknown-words.txt"], "no usable term"),
        (["sensitivity", "insert", "--class", "neg", "--split", "later"], "'later' is invalid for '--split <split>'. Please provide one of 'train', 'dev' or 'test'."),
    ])
    func badInput(arguments: [String], mention: String) throws {
        // Refused commands run on the project no suite writes to: the shared one changes while
        // other suites run, so only the untouched one's bytes prove nothing was written.
        let untouched = TinyProject.untouched
        let seeds = untouched.directory.appendingPathComponent("unknown-words.txt").path
        try ("zebra\nquokka + zebra\n").write(toFile: seeds, atomically: true, encoding: .utf8)
        let before = untouched.workspaceDigest()
        let result = CommandRunner.run(arguments + ["--workspace", untouched.workspace], in: untouched.directory)
        #expect(result.status == 1, "\(arguments): exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.hasPrefix("error: "), "\(message)")
        #expect(message.contains(mention), "\(message)")
        #expect(!message.contains("\n"), "one sentence, one line: \(message)")
        #expect(untouched.workspaceDigest() == before)
    }
}
