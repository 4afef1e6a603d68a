import Foundation
import Testing
@testable import Workspace

/// The `.npz` writer, read back by Python's own `zipfile` (which checks every member's CRC-32).
@Suite("NumPy archive")
struct NumPyArchiveTests {
    private static let members: [(name: String, array: NumPyArchive.Array)] = [
        ("matrix", .float32([1, 2, 3, 4, 5, 6], shape: [2, 3])),
        ("ids", .strings(["r0", "r1"])),
        ("format", .byteString("csr")),
    ]

    /// The first executable `python3` on PATH.
    private static func python() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("an archive lists its members in order and equal arrays give equal bytes")
    func deterministic() {
        let first = NumPyArchive.npz(Self.members), second = NumPyArchive.npz(Self.members)
        #expect(first == second)
        #expect(first.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        let names = Self.members.map { Data(($0.name + ".npy").utf8) }
        let positions = names.compactMap { first.range(of: $0)?.lowerBound }
        #expect(positions.count == names.count && positions == positions.sorted())
    }

    @Test("Python's zipfile reads every member back byte for byte, stored uncompressed, CRC checked")
    func readableByZipfile() throws {
        let executable = try #require(Self.python(), "python3 is not on PATH")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-npz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = directory.appendingPathComponent("arrays.npz")
        try NumPyArchive.npz(Self.members).write(to: archive)
        for (name, array) in Self.members {
            try NumPyArchive.npy(array).write(to: directory.appendingPathComponent(name + ".npy"))
        }
        let script = """
            import os, sys, zipfile
            folder, archive = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(archive) as zipped:
                assert zipped.testzip() is None, "bad CRC"
                names = [info.filename for info in zipped.infolist()]
                assert names == sys.argv[3:], names
                for info in zipped.infolist():
                    assert info.compress_type == zipfile.ZIP_STORED, info.filename
                    with open(os.path.join(folder, info.filename), "rb") as expected:
                        assert zipped.read(info.filename) == expected.read(), info.filename
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", script, directory.path, archive.path] + Self.members.map { $0.name + ".npy" }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
    }
}
