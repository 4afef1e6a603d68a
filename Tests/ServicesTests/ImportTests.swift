import Foundation
import Testing
import Representation
import TextData
@testable import Services
import Workspace

@Suite("Importing salience maps from other tools")
struct ImportTests {
    /// Parses JSON Lines given as one string per line.
    func parse(_ lines: [String], path: String = "maps.jsonl") throws -> ImportedSalience {
        try ImportedSalience.parse(Data(lines.joined(separator: "\n").utf8), path: path)
    }

    /// A fresh workspace directory that is removed afterwards by the system's temporary-file cleanup.
    func freshWorkspace() throws -> Workspace {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-import-\(UUID().uuidString)")
        return try Workspace.open(directory: directory.path, create: true)
    }

    @Test("missing fields take their documented defaults")
    func defaults() throws {
        let imported = try parse([
            #"{"id": "a", "tokens": ["[CLS]", "good", "film", "[SEP]"], "scores": [0, 1.5, -0.25, 0], "label": "pos"}"#,
            "",
            #"{"id": 7, "tokens": ["bad"], "scores": [2], "prediction": "neg", "probability": 0.75, "split": "train", "movie": "x", "year": 1999, "target": [1]}"#,
            #"{"id": "c", "tokens": ["film"], "scores": [1], "label": "neg", "prediction": "pos", "text": "Film!", "metadata": {"movie": "y"}}"#,
        ])
        #expect(imported.lines.map(\.lineNumber) == [1, 3, 4], "blank lines are skipped but counted")
        let first = imported.lines[0], second = imported.lines[1], third = imported.lines[2]
        #expect(first.text == "[CLS] good film [SEP]")
        #expect(first.split == .test)
        #expect(first.prediction == nil && first.label == "pos")
        #expect(second.id == "7" && second.label == nil && second.probability == 0.75 && second.split == .train)
        #expect(second.metadata == ["movie": "x", "year": "1999"], "scalar extras become metadata; lists are ignored")
        #expect(third.text == "Film!" && third.metadata == ["movie": "y"])
        #expect(imported.classes == ["neg", "pos"])
        #expect(imported.terms == ["[CLS]", "good", "film", "[SEP]", "bad"], "order of first appearance")
        #expect(imported.metadataColumns == ["movie", "year"])
        #expect(first.scores == [0, 1.5, -0.25, 0])
    }

    @Test("integer class names sort numerically, like the classes of a data file")
    func numericClasses() throws {
        let imported = try parse([
            #"{"id": "a", "tokens": ["x"], "scores": [1], "label": 10}"#,
            #"{"id": "b", "tokens": ["x"], "scores": [1], "label": 9, "prediction": 2}"#,
        ])
        #expect(imported.classes == ["2", "9", "10"])
    }

    @Test("CRLF line ends are accepted and numbers keep their 32-bit value")
    func crlf() throws {
        let data = Data("{\"id\": \"a\", \"tokens\": [\"x\", \"y\"], \"scores\": [0.1234567, 3e-8], \"label\": \"p\"}\r\n".utf8)
        let imported = try ImportedSalience.parse(data, path: "maps.jsonl")
        #expect(imported.lines[0].scores == [Float(0.1234567), Float(3e-8)])
    }

    @Test("the imported vocabulary marks special tokens by their usual strings and punctuation by the tokenizer's rule")
    func vocabulary() {
        let vocabulary = TokenVocabulary(importedTerms: ["[CLS]", "<s>", "</s>", "<pad>", "the", "!", "##.", "...", "don't", "Ġthe", "▁", "[SEP]", "€"])
        let special = (0..<vocabulary.count).filter { vocabulary.isSpecial(Int32($0)) }.map(vocabulary.term)
        let punctuation = (0..<vocabulary.count).filter { vocabulary.isPunctuation(Int32($0)) }.map(vocabulary.term)
        #expect(special == ["[CLS]", "<s>", "</s>", "<pad>", "[SEP]"])
        #expect(punctuation == ["!", "##.", "...", "▁", "€"])
        #expect(vocabulary.excludedIDs(punctuation: false) == [0, 1, 2, 3, 11])
        #expect(vocabulary.excludedIDs(punctuation: true).count == 10)
    }

    @Test("an import stores a current pseudo model whose session reads token ids and predictions from the file")
    func importedSession() throws {
        let workspace = try freshWorkspace()
        let imported = try parse([
            #"{"id": "a", "tokens": ["[CLS]", "good", "film", "[SEP]"], "scores": [0.1, 2, 0.2, 0.1], "label": "pos", "probability": 0.8}"#,
            #"{"id": "b", "tokens": ["[CLS]", "bad", "film", ".", "[SEP]"], "scores": [0.1, -3, 0.1, 0.5, 0.1], "label": "neg", "prediction": "mid", "probability": 0.5}"#,
            #"{"id": "c", "tokens": ["[CLS]", "film", "[SEP]"], "scores": [0.1, 1, 0.1], "prediction": "pos"}"#,
        ])
        let outcome = try ImportService(workspace: workspace).importSalience(imported, name: "captum-ig", seed: 3)
        #expect(!outcome.reused && outcome.exampleCount == 3 && outcome.vocabularySize == 6 && outcome.unlabeledCount == 1)
        #expect(outcome.classes == ["mid", "neg", "pos"])
        let session = try WorkspaceSession(workspace: workspace)
        #expect(session.model.isExternal && session.model.classifier == nil)
        #expect(session.defaultSalienceSpecification.method == "captum-ig")
        #expect(session.tokenIDs(at: 1) == [0, 4, 2, 5, 3])
        #expect((0..<session.model.vocabulary.count).map(session.term) == ["[CLS]", "good", "film", "[SEP]", "bad", "."])
        #expect(session.excludedTokenIDs(punctuation: true) == [0, 3, 5])
        #expect(session.predictions == [2, 0, 2])
        #expect(zip(session.probabilities[0], [0.1, 0.1, 0.8] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 }, "the rest spread evenly over the other classes")
        #expect(session.probabilities[1] == [0.5, 0.25, 0.25])
        #expect(session.probabilities[2] == [0, 0, 1], "no probability: the prediction is taken as certain")
        #expect(session.dataset.examples[2].label == "pos" && !session.hasGoldLabel(at: 2) && session.hasGoldLabel(at: 0))

        let maps = try session.maps(session.defaultSalienceSpecification, positions: [0, 1, 2])
        #expect(maps.map(\.scores) == imported.lines.map(\.scores))
        #expect(throws: WorkspaceError.self) { try session.maps(SalienceSpecification(method: "grad-l2"), positions: [0]) }
        let representations = RepresentationService(session: session)
        let vocab = try representations.representation(RepresentationOptions(kind: .vocab), positions: [0, 1, 2], maps: maps)
        #expect(vocab.columnCount == 6)
        for kind in [RepresentationKind.emb, .avgEmb, .cls] {
            let error = #expect(throws: WorkspaceError.self) {
                try representations.representation(RepresentationOptions(kind: kind), positions: [0, 1, 2], maps: maps)
            }
            #expect(error?.message.contains("were imported (captum-ig), so use vocab or pmi.") == true, "\(error?.message ?? "")")
        }

        // The same file under the same name is a lookup; the model directory holds the vocabulary and no weights.
        let again = try ImportService(workspace: workspace).importSalience(imported, name: "captum-ig", seed: 3)
        #expect(again.reused && again.record.fingerprint == outcome.record.fingerprint)
        let files = try FileManager.default.contentsOfDirectory(atPath: outcome.record.directory).sorted()
        #expect(files == ["salience.json", "vocab.txt"])
    }

    @Test("run names that clash with built-in methods or hold odd characters are refused", arguments: ["grad-l2", "ig", "none", "", "a b", "../x", "-x"])
    func badNames(name: String) {
        #expect(throws: WorkspaceError.self) { try ImportService.validateName(name) }
    }
    @Test("a malformed line deep in a large file is named by file, line and character column")
    func malformedDeepLine() throws {
        var lines = (0..<5000).map { #"{"id": "m\#($0)", "tokens": ["a", "b"], "scores": [0.5, 0.25], "label": "pos"}"# }
        lines.append(#"{"id": "deep", "tokens": ["a", "b"], "scores": [0.5 0.25], "label": "pos"}"#)
        lines.append(#"{"id": "é", "tokens": ["ü"], "scores": [1], "label": pos}"#)
        func message(_ lines: [String]) -> String {
            do { _ = try parse(lines, path: "big.jsonl"); return "no error" } catch { return (error as? WorkspaceError)?.message ?? "\(error)" }
        }
        let first = message(lines)
        #expect(first.hasPrefix("big.jsonl line 5001 column 53 is not valid JSON (expected ',' or ']')"), "\(first)")
        let second = message(Array(lines.prefix(5000)) + [lines[5001]])
        #expect(second.hasPrefix("big.jsonl line 5001 column 54 is not valid JSON"), "columns count characters, not bytes: \(second)")
    }

    @Test("the line parser reads escapes, non-ASCII text, integers, exponents and nested metadata as JSON defines them")
    func parserValues() throws {
        let imported = try parse([
            #"{"id": 9007199254740993, "tokens": ["caf\u00e9", "\ud83d\ude00", "a\"b\\c\/\t"], "scores": [-0, 1E2, 2.5e-3], "label": "ü", "metadata": {"n": -12, "f": 1.5, "b": false}, "extra": 12345678901234567890}"#,
        ])
        let line = imported.lines[0]
        #expect(line.id == "9007199254740993", "integers stay exact")
        #expect(line.tokens == ["café", "😀", "a\"b\\c/\t"])
        #expect(line.scores == [0, 100, 0.0025])
        #expect(line.label == "ü")
        #expect(line.metadata == ["n": "-12", "f": "1.5", "b": "false", "extra": "1.2345678901234567e+19"])
        for bad in [#"{"id": "a", "tokens": ["x"], "scores": [01], "label": "p"}"#, #"{"id": "a", "tokens": ["x"], "scores": [1.], "label": "p"}"#,
                    #"{"id": "a", "tokens": ["x\q"], "scores": [1], "label": "p"}"#, #"{"id": "a", "tokens": ["x"], "scores": [1], "label": "p"} x"#,
                    #"{"id": "a", "tokens": ["x"], "scores": [1], "label": "p",}"#] {
            #expect(throws: WorkspaceError.self, "\(bad)") { try parse([bad]) }
        }
    }
}
