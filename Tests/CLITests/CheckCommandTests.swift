import Foundation
import Testing

/// `salience check`: a sound workspace passes and is left byte for byte; a copy with bytes of its
/// database overwritten is reported in one line with exit 1, never a trap.
@Suite("check command")
struct CheckCommandTests {
    @Test("check on a sound workspace exits 0, reads every map and changes no byte")
    func sound() throws {
        let project = TinyProject.untouched
        let before = project.workspaceDigest()
        let result = CommandRunner.run(["check", "--workspace", project.workspace, "--format", "json"], in: project.directory)
        let report = try result.jsonObject()
        #expect((report["problems"] as? [Any])?.isEmpty == true && (report["mapCount"] as? Int ?? 0) > 0, "\(report)")
        #expect(project.workspaceDigest() == before)
    }

    @Test("check and cluster on a database with overwritten pages exit 1 with one line, not a signal")
    func damaged() throws {
        let project = TinyProject.untouched
        let copy = project.directory.appendingPathComponent("damaged-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: project.workspace, toPath: copy)
        let database = copy + "/salience.sqlite"
        let handle = try #require(FileHandle(forUpdatingAtPath: database))
        let size = try handle.seekToEnd()
        // Garbage over the second half of the file: the map pages (and whatever else lives there).
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data((0..<Int(size / 2)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }))
        try handle.close()
        for arguments in [["check"], ["cluster", "--k", "2"]] {
            let result = CommandRunner.run(arguments + ["--workspace", copy], in: project.directory)
            #expect(result.status == 1, "\(arguments[0]): exit \(result.status): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(lines.count <= 1 && !result.standardError.contains("Fatal error"), "\(result.standardError)")
        }
    }
}
