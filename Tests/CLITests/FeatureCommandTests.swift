import Foundation
import Testing
import Models

/// `features`, `disable`, `train --head-only`, `models` and `--model-version` on a tiny project of
/// its own (disabling changes the current model, which the shared project must keep).
@Suite("FIND: features, disable, head retraining, model versions", .serialized)
struct FeatureCommandTests {
    static let project = TinyProject.make(attribute: false)

    func run(_ arguments: [String], workspace: String = FeatureCommandTests.project.workspace) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", workspace], in: Self.project.directory)
    }

    func json(_ result: CommandResult) throws -> [String: Any] { try result.jsonObject() }

    func features(_ arguments: [String] = []) throws -> [[String: Any]] {
        let report = try json(run(["features", "--top", "300", "--format", "json"] + arguments))
        return try #require(report["features"] as? [[String: Any]])
    }

    @Test("the loop: features rank the cue-word features first, disable --matching good --min-share 0 selects exactly the features whose clouds hold it, head retraining, models, --model-version; --min-share 0.25 by relevance share")
    func loop() throws {
        let listed = try features()
        #expect(listed.count == 300)
        let scores = listed.map { $0["score"] as? Double ?? -1 }
        #expect(scores == scores.sorted(by: >))
        let cueWords = Set(TinyProject.positiveWords + TinyProject.negativeWords)
        func tokens(_ feature: [String: Any]) -> Set<String> {
            Set((feature["ngrams"] as? [[String: Any]] ?? []).flatMap { $0["tokens"] as? [String] ?? [] })
        }
        // The best-separating feature, and most of the first five, respond to cue words.
        #expect(!tokens(listed[0]).isDisjoint(with: cueWords), "\(listed[0])")
        #expect(listed.prefix(5).filter { !tokens($0).isDisjoint(with: cueWords) }.count >= 3)
        let expected = listed.filter { tokens($0).contains("good") }.compactMap { $0["index"] as? Int }.sorted()

        let disabled = try json(run(["disable", "--matching", "GOOD", "--min-share", "0", "--format", "json"]))
        #expect(disabled["disabledFeatures"] as? [Int] == expected)
        let parent = try #require(disabled["parentFingerprint"] as? String)
        let disabledFingerprint = try #require(disabled["fingerprint"] as? String)
        let checkpoint = try KimCNN.load(from: Self.project.workspace + "/models/" + disabledFingerprint)
        #expect(checkpoint.configuration.disabledFeatures.map(\.feature) == expected)
        let after = try features()
        for feature in after where expected.contains(feature["index"] as? Int ?? -1) {
            #expect(feature["influence"] as? [Double] == [0, 0])
            #expect(feature["disabledClasses"] as? [Int] == [0, 1])
        }

        let head = try json(run(["train", "--head-only", "--epochs", "5", "--format", "json"]))
        #expect(head["parentFingerprint"] as? String == disabledFingerprint)
        #expect(head["reused"] as? Bool == false)
        let versions = try #require(JSONSerialization.jsonObject(with: Data(run(["models", "--format", "json"]).standardOutput.utf8)) as? [[String: Any]])
        #expect(versions.map { $0["step"] as? String } == ["train", "disable", "head-only"])
        #expect(versions.map { $0["isCurrent"] as? Bool } == [false, false, true])
        #expect(versions[0]["fingerprint"] as? String == parent)
        #expect(versions[1]["parentFingerprint"] as? String == parent)
        #expect(versions[2]["parentFingerprint"] as? String == disabledFingerprint)

        let first = try json(run(["evaluate", "--split", "test", "--model-version", "1", "--format", "json"]))
        let byPrefix = try json(run(["evaluate", "--split", "test", "--model-version", String(parent.prefix(8)), "--format", "json"]))
        #expect(first["accuracy"] as? Double == byPrefix["accuracy"] as? Double)
        #expect(run(["evaluate", "--model-version", "9"]).status == 1)

        // By share: every selected feature carries at least a quarter of its relevance mass on n-grams holding good.
        let byShare = try json(run(["disable", "--matching", "good", "--min-share", "0.25", "--model-version", "1", "--format", "json"]))
        let shares = try #require(byShare["termShares"] as? [Double])
        #expect(!shares.isEmpty && shares.allSatisfy { (0.25...1).contains($0) }, "\(shares)")
        #expect((byShare["disabledFeatures"] as? [Int])?.count == shares.count)
    }

    @Test("the HTML cards: ticking boxes (through #tick=) writes the disable command, with no console error, in headless Chromium")
    func htmlCards() throws {
        let page = Self.project.directory.appendingPathComponent("features.html").path
        let result = run(["features", "--top", "6", "--html", page, "--model-version", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.components(separatedBy: "id=\"feature-").count - 1 == 6)
        #expect(html.contains("<svg"))
        let script = CommandRunner.packageRoot.appendingPathComponent("scripts/check_features.sh").path
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else { return }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/bash")
        check.arguments = [script, page]
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(text)")
    }
}

@Suite("FIND: refused input leaves the workspace untouched")
struct FeatureRefusalTests {
    let project = TinyProject.untouched

    func refused(_ arguments: [String], workspace: String? = nil, mentions: String) {
        let target = workspace ?? project.workspace
        let before = ImportedProject.digest(of: target)
        let result = CommandRunner.run(arguments + ["--workspace", target], in: project.directory)
        #expect(result.status == 1, "\(arguments): \(result.standardError)")
        let lines = result.standardError.split(whereSeparator: \.isNewline)
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.standardError)")
        #expect(result.standardError.contains(mentions), "\(result.standardError)")
        #expect(ImportedProject.digest(of: target) == before, "\(arguments) changed the workspace")
    }

    @Test("an unknown feature index, a term no cloud holds, --head-only without a parent, --class with a hidden layer")
    func refusals() {
        refused(["disable", "--features", "3,9999"], mentions: "no feature 9999")
        refused(["disable", "--features", "3,x"], mentions: "x is not one")
        refused(["disable", "--matching", "xyzzy"], mentions: "xyzzy")
        refused(["train", "--head-only"], mentions: "no parent version")
        refused(["disable", "--features", "3", "--class", "pos"], mentions: "hidden layer")
        refused(["disable"], mentions: "exactly one of")
    }

    @Test("features and disable on imported maps and on a BERT workspace: CNN only")
    func cnnOnly() throws {
        refused(["features"], workspace: ImportedProject.shared.workspace, mentions: "need a CNN")
        refused(["disable", "--features", "1"], workspace: ImportedProject.shared.workspace, mentions: "need a CNN")
        let bert = project.directory.appendingPathComponent("bert-for-features").path
        let trained = CommandRunner.run(["train", "--model", "bert", "--data", project.data, "--checkpoint", TinyBert.shared.checkpoint,
                                         "--epochs", "1", "--workspace", bert], in: project.directory)
        try #require(trained.status == 0, "\(trained.standardError)")
        refused(["features"], workspace: bert, mentions: "need a CNN")
        refused(["train", "--head-only"], workspace: bert, mentions: "need a CNN")
    }
}
