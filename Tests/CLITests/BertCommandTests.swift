import Foundation
import Testing
import LinearAlgebra
import Models

/// A tiny random BERT checkpoint (2 layers, hidden 32) over the tiny project's vocabulary.
struct TinyBert {
    let directory: URL
    var checkpoint: String { directory.appendingPathComponent("tiny-bert").path }

    static let shared: TinyBert = {
        let project = TinyProject.shared
        let bert = TinyBert(directory: project.directory)
        bert.write(to: bert.checkpoint)
        return bert
    }()

    /// Writes config.json, model.safetensors (encoder only, no head) and vocab.txt into `path`.
    func write(to path: String, hiddenSize: Int = 32) {
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let vocabulary = try! String(contentsOfFile: TinyProject.shared.checkpoint + "/vocab.txt", encoding: .utf8)
        let vocabularySize = vocabulary.split(separator: "\n").count
        let configuration = BertConfiguration(vocabularySize: vocabularySize, hiddenSize: hiddenSize, layerCount: 2, headCount: 4,
                                              intermediateSize: 64, maximumPositionCount: 64, classCount: 2)
        var generator = SplitMix64(seed: 11)
        let parameters = BertParameters(configuration: configuration, generator: &generator)
        try! BertCheckpoint.save(configuration: configuration, parameters: parameters, to: path, extraMetadata: [:])
        // Drop the head, as in a pre-trained BertModel checkpoint.
        let weights = try! SafeTensors.read(path: path + "/model.safetensors")
        try! SafeTensors.write(weights.filter { !$0.key.hasPrefix("classifier.") }, to: path + "/model.safetensors")
        try! vocabulary.write(toFile: path + "/vocab.txt", atomically: true, encoding: .utf8)
    }
}

@Suite("BERT from the command line", .serialized)
struct BertCommandTests {
    let project = TinyProject.shared
    let bert = TinyBert.shared

    func run(_ arguments: [String], workspace: String) -> CommandResult {
        CommandRunner.run(arguments + ["--workspace", workspace], in: project.directory)
    }

    func json(_ result: CommandResult) throws -> [String: Any] { try result.jsonObject() }

    func workspace(_ name: String) -> String { project.directory.appendingPathComponent(name).path }

    @Test("train --model bert learns the cue words; export --model and attribute --checkpoint give identical predictions")
    func trainExportAdopt() throws {
        let trained = workspace("bert-trained")
        let summary = try json(run(["train", "--model", "bert", "--data", project.data, "--checkpoint", bert.checkpoint, "--epochs", "6",
                                    "--learning-rate", "2e-3", "--patience", "6", "--format", "json"], workspace: trained))
        #expect(summary["model"] as? String == "bert")
        #expect((summary["testAccuracy"] as? Double ?? 0) >= 0.8, "\(summary)")

        let exported = project.directory.appendingPathComponent("bert-exported").path
        try? FileManager.default.removeItem(atPath: exported)
        let export = run(["export", "--model", exported], workspace: trained)
        #expect(export.status == 0, "\(export.standardError)")
        for name in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"] {
            #expect(FileManager.default.fileExists(atPath: exported + "/" + name), "missing \(name)")
        }
        let config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: exported + "/config.json"))) as? [String: Any])
        #expect(config["architectures"] as? [String] == ["BertForSequenceClassification"])
        #expect((config["id2label"] as? [String: String])?["1"] == "pos")

        let adopted = workspace("bert-adopted")
        let adopt = run(["attribute", "--checkpoint", exported, "--data", project.data], workspace: adopted)
        #expect(adopt.status == 0, "\(adopt.standardError)")
        let original = try json(run(["show", "r200", "--format", "json"], workspace: trained))
        let loaded = try json(run(["show", "r200", "--format", "json"], workspace: adopted))
        #expect(original["probability"] as? Double == loaded["probability"] as? Double, "identical logits after the round trip")
        #expect((original["tokens"] as? [[String: Any]])?.count == (loaded["tokens"] as? [[String: Any]])?.count)

        let compare = try json(run(["compare", "--k", "2", "--truth-where", "label=pos", "--format", "json"], workspace: adopted))
        let rows = try #require(compare["rows"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["representation"] as? String }) == ["vocab", "emb", "pmi", "avg-emb", "cls"])

        let mask = try json(run(["sensitivity", "mask", "--class", "neg", "--seeds", "pmi", "--format", "json"], workspace: adopted))
        #expect(mask["maskToken"] as? String == "[MASK]")
    }

    @Test("integer labels 0…C−1 are read as class indices of id2label (one line on stderr); other integers are still refused")
    func integerLabelsAsClassIndices() throws {
        let checkpoint = try broken("named-classes") { try editConfig($0) {
            $0["id2label"] = ["0": "negative", "1": "positive"]
            $0["label2id"] = ["negative": 0, "positive": 1]
        } }
        let original = try String(contentsOfFile: project.data, encoding: .utf8)
        func relabeled(_ name: String, negative: String, positive: String) throws -> String {
            let path = project.directory.appendingPathComponent(name).path
            let text = original.replacingOccurrences(of: ",neg,", with: ",\(negative),").replacingOccurrences(of: ",pos,", with: ",\(positive),")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let indexed = try relabeled("reviews-01.csv", negative: "0", positive: "1")
        let target = workspace("bert-integer-labels")
        try? FileManager.default.removeItem(atPath: target)
        let adopt = run(["attribute", "--checkpoint", checkpoint, "--data", indexed], workspace: target)
        #expect(adopt.status == 0, "\(adopt.standardError)")
        let notes = adopt.standardError.split(separator: "\n").filter { $0.contains("class indices") }
        #expect(notes.count == 1 && notes[0].contains("0 = negative, 1 = positive"), "\(adopt.standardError)")
        let shown = try json(run(["show", "r1", "--format", "json"], workspace: target))
        #expect(shown["label"] as? String == "0", "\(shown)")

        let shifted = try relabeled("reviews-12.csv", negative: "1", positive: "2")
        let refusedWorkspace = workspace("bert-integer-labels-refused")
        let refused = run(["attribute", "--checkpoint", checkpoint, "--data", shifted], workspace: refusedWorkspace)
        let message = refused.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(refused.status == 1 && message.contains("trained on the classes negative, positive"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: refusedWorkspace), "no workspace left behind")
    }

    /// Writes a broken copy of the tiny checkpoint and returns its path.
    func broken(_ name: String, _ change: (String) throws -> Void) throws -> String {
        let path = project.directory.appendingPathComponent(name).path
        try? FileManager.default.removeItem(atPath: path)
        bert.write(to: path)
        // A head, so only the planted problem stands in the way.
        let weights = try SafeTensors.read(path: path + "/model.safetensors")
        var withHead = weights
        withHead["classifier.weight"] = SafeTensors.Tensor(shape: [2, 32], values: [Float](repeating: 0.01, count: 64))
        withHead["classifier.bias"] = SafeTensors.Tensor(shape: [2], values: [0, 0])
        try SafeTensors.write(withHead, to: path + "/model.safetensors")
        try change(path)
        return path
    }

    func editConfig(_ path: String, _ edit: (inout [String: Any]) -> Void) throws {
        var config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/config.json"))) as? [String: Any])
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: path + "/config.json"))
    }

    @Test("a bad checkpoint is refused in one sentence naming the problem, and no workspace is left", arguments: [
        "not-bert", "missing-tensor", "shape-mismatch", "vocab-mismatch", "no-head",
    ])
    func badCheckpoint(kind: String) throws {
        let path: String
        let mention: String
        switch kind {
        case "not-bert":
            path = try broken("bad-\(kind)") { try editConfig($0) { $0["model_type"] = "gpt2"; $0["architectures"] = ["GPT2LMHeadModel"] } }
            mention = "unsupported architecture GPT2LMHeadModel"
        case "missing-tensor":
            path = try broken("bad-\(kind)") { path in
                var weights = try SafeTensors.read(path: path + "/model.safetensors")
                weights.removeValue(forKey: "bert.encoder.layer.1.attention.self.key.weight")
                try SafeTensors.write(weights, to: path + "/model.safetensors")
            }
            mention = "encoder.layer.1.attention.self.key.weight"
        case "shape-mismatch":
            path = try broken("bad-\(kind)") { try editConfig($0) { $0["intermediate_size"] = 48 } }
            mention = "intermediate.dense.weight"
        case "vocab-mismatch":
            path = try broken("bad-\(kind)") { path in
                let vocabulary = try String(contentsOfFile: path + "/vocab.txt", encoding: .utf8)
                try (vocabulary + "extraword\n").write(toFile: path + "/vocab.txt", atomically: true, encoding: .utf8)
            }
            mention = "vocab.txt"
        default:
            path = project.directory.appendingPathComponent("bad-\(kind)").path
            try? FileManager.default.removeItem(atPath: path)
            bert.write(to: path)
            mention = "no classification head"
        }
        let target = workspace("bad-workspace-\(kind)")
        let result = run(["attribute", "--checkpoint", path, "--data", project.data], workspace: target)
        #expect(result.status == 1, "exit \(result.status)")
        let message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.hasPrefix("error: ") && message.contains(mention), "\(message)")
        #expect(!message.contains("\n"), "one line: \(message)")
        #expect(!FileManager.default.fileExists(atPath: target), "no workspace left behind")
    }
}
