import Foundation
import Testing

@Suite("salience faithfulness, end to end", .serialized)
struct FaithfulnessCommandTests {
    let project = TinyProject.shared

    func run(_ arguments: [String], workspace: String? = nil) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", workspace ?? project.workspace], in: project.directory)
    }

    /// The method entries of a JSON report by name.
    func methods(_ result: CommandResult) throws -> [String: [String: Any]] {
        let report = try result.jsonObject()
        let list = try #require(report["methods"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["method"] as! String, $0) })
    }

    func aopc(_ method: [String: Any]?, _ key: String) -> Double {
        ((method?[key] as? [String: Any])?["aopc"] as? NSNumber)?.doubleValue ?? .nan
    }

    @Test("the JSON shape of the issue; Grad-L2 beats random on the anchor-word reviews; the curves chart is written")
    func report() throws {
        let out = project.directory.appendingPathComponent("faithfulness-\(UUID().uuidString)").path
        let result = run(["faithfulness", "--methods", "grad-l2,random", "--format", "json", "--out", out])
        try #require(result.status == 0, "\(result.standardError)")
        let report = try result.jsonObject()
        #expect(report["examples"] as? Int == 40)
        #expect(report["modelCalls"] is NSNumber && report["seconds"] is NSNumber)
        let byName = try methods(result)
        #expect(Set(byName.keys) == ["grad-l2", "random"])
        let gradient = try #require(byName["grad-l2"])
        let bins = try #require((gradient["comprehensiveness"] as? [String: Any])?["bins"] as? [[String: Any]])
        #expect(bins.compactMap { ($0["fraction"] as? NSNumber)?.doubleValue } == [0.01, 0.05, 0.1, 0.2, 0.5])
        for bin in bins {
            let (low, mean, high) = ((bin["low"] as! NSNumber).doubleValue, (bin["mean"] as! NSNumber).doubleValue, (bin["high"] as! NSNumber).doubleValue)
            #expect(low <= mean + 1e-12 && mean <= high + 1e-12)
        }
        #expect(gradient["deletionArea"] is NSNumber && gradient["insertionArea"] is NSNumber)
        #expect((gradient["attack"] as? [[String: Any]])?.compactMap { $0["words"] as? Int } == [1, 2, 3, 4, 5])
        #expect(gradient["rationale"] is NSNull)
        // Every review hangs on its anchor word: removing Grad-L2's top word must hurt more than removing a random one.
        #expect(aopc(gradient, "comprehensiveness") > aopc(byName["random"], "comprehensiveness") + 0.05,
                "grad-l2 \(aopc(gradient, "comprehensiveness")), random \(aopc(byName["random"], "comprehensiveness"))")
        #expect(aopc(gradient, "sufficiency") < aopc(byName["random"], "sufficiency"))
        let perExample = (report["modelCallsPerExample"] as! NSNumber).doubleValue
        #expect(perExample < Double(report["requestedInputs"] as! Int) / 40, "duplicates are merged")
        let svg = try String(contentsOfFile: out + "/faithfulness-curves.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polygon") && svg.contains("grad-l2"))
        #expect(FileManager.default.fileExists(atPath: out + "/faithfulness.json") && FileManager.default.fileExists(atPath: out + "/faithfulness.txt"))
        // The same seed gives the same numbers.
        let again = try methods(run(["faithfulness", "--methods", "grad-l2,random", "--format", "json"]))
        #expect(aopc(again["random"], "comprehensiveness") == aopc(byName["random"], "comprehensiveness"))
    }

    @Test("maps exported and re-imported under another name, with the exported model as --checkpoint, give the same numbers (1e-6)")
    func importedMaps() throws {
        let maps = project.directory.appendingPathComponent("faithfulness-maps-\(UUID().uuidString).jsonl").path
        let model = project.directory.appendingPathComponent("faithfulness-model-\(UUID().uuidString)").path
        try #require(run(["attribute"]).status == 0)
        try #require(run(["export", "--maps", maps, "--split", "test"]).status == 0)
        let exported = run(["export", "--model", model])
        try #require(exported.status == 0, "\(exported.standardError)")
        let imported = project.directory.appendingPathComponent("faithfulness-imported-\(UUID().uuidString)").path
        try #require(run(["import", "--maps", maps, "--name", "grad-l2-copy"], workspace: imported).status == 0)
        let original = try methods(run(["faithfulness", "--methods", "grad-l2", "--format", "json", "--perturb", "mask"]))["grad-l2"]
        let copyResult = run(["faithfulness", "--methods", "grad-l2-copy", "--checkpoint", model, "--format", "json", "--perturb", "mask"], workspace: imported)
        try #require(copyResult.status == 0, "\(copyResult.standardError)")
        let copy = try methods(copyResult)["grad-l2-copy"]
        for key in ["comprehensiveness", "sufficiency"] {
            #expect(abs(aopc(original, key) - aopc(copy, key)) <= 1e-6, "\(key): \(aopc(original, key)) vs \(aopc(copy, key))")
        }
        for key in ["deletionArea", "insertionArea", "deletionGap"] {
            let (left, right) = ((original?[key] as? NSNumber)?.doubleValue ?? .nan, (copy?[key] as? NSNumber)?.doubleValue ?? 1)
            #expect(abs(left - right) <= 1e-6, "\(key): \(left) vs \(right)")
        }
        #expect((original?["attack"] as? [[String: Any]])?.compactMap { ($0["successRate"] as? NSNumber)?.doubleValue }
                == (copy?["attack"] as? [[String: Any]])?.compactMap { ($0["successRate"] as? NSNumber)?.doubleValue })

        // Imported maps without the classifier, or a method the imported workspace cannot compute: refused, nothing written.
        let before = TinyProject.digest(of: imported)
        let withoutModel = run(["faithfulness", "--methods", "grad-l2-copy"], workspace: imported)
        #expect(withoutModel.status == 1 && withoutModel.standardError.contains("--checkpoint"), "\(withoutModel.standardError)")
        let notStored = run(["faithfulness", "--methods", "grad-l2,random", "--checkpoint", model], workspace: imported)
        #expect(notStored.status == 1 && notStored.standardError.contains("grad-l2 is not stored"), "\(notStored.standardError)")
        #expect(TinyProject.digest(of: imported) == before)
    }

    @Test("bad input: --m 0, an unknown bin list, an unknown method, an unknown rationale column; words missing from a text only warn")
    func badInput() throws {
        let untouched = TinyProject.untouched
        let before = untouched.workspaceDigest()
        func refused(_ arguments: [String], _ phrase: String) {
            let result = CommandRunner.run(arguments + ["--workspace", untouched.workspace], in: untouched.directory)
            #expect(result.status == 1, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(phrase), "\(arguments): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "one sentence: \(result.standardError)")
        }
        refused(["faithfulness", "--m", "0"], "--m 0 must be at least 1")
        refused(["faithfulness", "--bins", "0.01,half"], "'half' is not a fraction")
        refused(["faithfulness", "--bins", "0.01,1.5"], "'1.5' is not a fraction")
        refused(["faithfulness", "--methods", "grad-l2,telepathy"], "telepathy")
        refused(["faithfulness", "--methods", "grad-l2", "--rationale-column", "highlights"], "no column highlights")
        #expect(untouched.workspaceDigest() == before)

        let warned = run(["faithfulness", "--methods", "grad-l2,random", "--rationale-column", "source", "--m", "5"])
        #expect(warned.status == 0, "\(warned.standardError)")
        #expect(warned.standardOutput.contains("not in the text") && warned.standardOutput.contains("Line "), "\(warned.standardOutput)")
    }
}

extension TinyProject {
    /// A digest of every file under `directory` (names and bytes).
    static func digest(of directory: String) -> [String: Int] {
        var digest: [String: Int] = [:]
        if let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: directory), includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator {
                if let data = FileManager.default.contents(atPath: url.path) { digest[url.path] = data.hashValue }
            }
        }
        return digest
    }
}
