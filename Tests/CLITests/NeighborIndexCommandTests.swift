import Foundation
import Testing

@Suite("neighbors answers repeated queries from its index, identically", .serialized)
struct NeighborIndexCommandTests {
    @Test("the first query writes the index, later ones read it; a damaged index is refused, reported by check and rebuilt")
    func repeatedQueries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-neighbor-index-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let workspace = directory.appendingPathComponent("workspace").path
        func run(_ arguments: [String]) -> CommandResult { CommandRunner.run(arguments + ["--workspace", workspace], in: directory) }
        #expect(run(["import", "--maps", ImportedProject.fixture]).status == 0)
        let cache = (workspace as NSString).appendingPathComponent("cache")
        let question = ["neighbors", "t150", "--pool", "all", "--any-label", "--n", "7", "--format", "json"]

        let trainQuestion = ["neighbors", "t150", "--pool", "train", "--n", "3", "--format", "json"]
        // The import wrote the index of the default representation; remove it to ask the session first.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 1)
        try FileManager.default.removeItem(atPath: cache)
        // Without an index: the session answers, and writes the index.
        let trainOnly = run(trainQuestion)
        #expect(trainOnly.status == 0, "\(trainOnly.standardError)")
        try FileManager.default.removeItem(atPath: cache)
        let first = run(question)
        #expect(first.status == 0, "\(first.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(files.count == 1 && files[0].hasPrefix("neighbors-") && files[0].hasSuffix(".bin"), "\(files)")
        let indexPath = (cache as NSString).appendingPathComponent(files[0])
        let written = try FileManager.default.attributesOfItem(atPath: indexPath)[.modificationDate] as? Date
        // With the index: the same answers, and the index is read, not rewritten.
        let second = run(question)
        #expect(second.status == 0 && second.standardOutput == first.standardOutput, "the index answers exactly as the session did")
        let trainAgain = run(trainQuestion)
        #expect(trainAgain.status == 0 && trainAgain.standardOutput == trainOnly.standardOutput)
        #expect(try FileManager.default.attributesOfItem(atPath: indexPath)[.modificationDate] as? Date == written)

        // Damage one byte in the middle: neighbors still answers the same (from the session), check reports it.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        let good = bytes
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: indexPath))
        let check = run(["check", "--format", "json"])
        #expect(check.status == 1)
        let checkReport = try #require(try JSONSerialization.jsonObject(with: Data(check.standardOutput.utf8)) as? [String: Any])
        let problems = try #require(checkReport["problems"] as? [[String: Any]])
        #expect(problems.map { $0["kind"] as? String } == ["cache"], "\(problems)")
        let third = run(question)
        #expect(third.status == 0 && third.standardOutput == first.standardOutput)
        #expect(try Data(contentsOf: URL(fileURLWithPath: indexPath)) == good, "the query rewrote the damaged index")
        #expect(run(["check"]).status == 0)
        try? FileManager.default.removeItem(at: directory)
    }
}
