import Foundation
import Testing

// Part of the serialized CLI suite: it reads (and may fill) the shared trained workspace.
extension CLITests {
    /// The clusters of a cluster report as a set of id sets (independent of cluster numbering).
    func partition(_ report: [String: Any]) -> Set<Set<String>> {
        Set((report["clusters"] as? [[String: Any]] ?? []).map { Set($0["exampleIds"] as? [String] ?? []) })
    }

    @Test("exported maps re-import losslessly: the same clusters for the same seed, and the same export again")
    func exportImportRoundTrip() throws {
        let exported = project.directory.appendingPathComponent("round-trip.jsonl").path
        let exportResult = run(["export", "--maps", exported, "--split", "test", "--format", "json"])
        try #require(exportResult.status == 0, "\(exportResult.standardError)")
        let summary = try json(exportResult)
        #expect(summary["file"] as? String == exported && summary["what"] as? String == "maps" && summary["rows"] as? Int == 40)
        #expect(summary["columns"] is NSNull)
        let matrixPath = project.directory.appendingPathComponent("round-trip-vocab.npz").path
        let matrix = try json(run(["export", "--out", matrixPath, "--split", "test", "--format", "json"]))
        #expect(matrix["what"] as? String == "vocab" && matrix["rows"] as? Int == 40 && (matrix["columns"] as? Int ?? 0) > 0)
        let imported = project.directory.appendingPathComponent("round-trip-\(UUID().uuidString)").path
        let importResult = CommandRunner.run(["import", "--maps", exported, "--workspace", imported, "--name", "grad-l2-copy"], in: project.directory)
        try #require(importResult.status == 0, "\(importResult.standardError)")

        for representation in ["vocab", "pmi"] {
            let arguments = ["cluster", "--k", "3", "--seed", "11", "--representation", representation, "--format", "json"]
            let original = try json(run(arguments))
            let copy = try json(CommandRunner.run(arguments + ["--workspace", imported], in: project.directory))
            #expect(partition(copy) == partition(original), "\(representation) clusters differ after the round trip")
            #expect(partition(original).count == 3)
            let inertia = (original["inertia"] as? Double ?? 0, copy["inertia"] as? Double ?? 1)
            #expect(abs(inertia.0 - inertia.1) <= 1e-5 * max(1, abs(inertia.0)), "inertia \(inertia)")
        }

        // Exporting the imported maps gives the same bytes: ids, texts, labels, predictions, probabilities, splits, metadata, tokens, scores.
        let again = project.directory.appendingPathComponent("round-trip-again.jsonl").path
        let againResult = CommandRunner.run(["export", "--maps", again, "--workspace", imported], in: project.directory)
        try #require(againResult.status == 0, "\(againResult.standardError)")
        let first = try #require(FileManager.default.contents(atPath: exported))
        let second = try #require(FileManager.default.contents(atPath: again))
        #expect(first == second)
        #expect(String(decoding: first, as: UTF8.self).split(separator: "\n").count == 40)
    }
}
