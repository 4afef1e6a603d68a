import Foundation
import Testing
import GRDB
import Diagnostics
import TextData
@testable import Workspace

/// A fresh, empty workspace in the temporary folder.
private func freshWorkspace() throws -> Workspace {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-store-\(UUID().uuidString)")
    return try Workspace.open(directory: directory.path, create: true)
}

@Suite("Workspace store: database, datasets, blobs, NumPy files")
struct WorkspaceStoreTests {
    @Test("opening a missing workspace without create fails with a sentence and the step that makes one")
    func missingWorkspace() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-missing-\(UUID().uuidString)").path
        let error = #expect(throws: WorkspaceError.self) { try Workspace.open(directory: directory, create: false) }
        #expect(error?.message == "There is no workspace at \(directory).")
        #expect(error?.nextStep == .trainModel)
        #expect(!error!.message.contains("--"), "library text names no flag")
        #expect(!FileManager.default.fileExists(atPath: directory), "nothing is created")
    }

    @Test("a stored dataset reads back equal, once per content hash, and an unknown hash is refused")
    func datasetRoundTrip() throws {
        let workspace = try freshWorkspace()
        let examples = [
            Example(id: "a", text: "good film", label: "pos", split: .train, metadata: ["source": "x"], lineNumber: 2),
            Example(id: "b", text: "bad plot", label: "neg", split: .test, metadata: ["source": "y"], lineNumber: 3),
        ]
        let dataset = Dataset(examples: examples, classes: ["neg", "pos"], metadataColumns: ["source"], sourcePath: "two.csv")
        let hash = dataset.contentHash
        try workspace.write { db in
            try Workspace.storeDataset(dataset, hash: hash, in: db)
            try Workspace.storeDataset(dataset, hash: hash, in: db)
        }
        let stored = try workspace.dataset(hash: hash)
        #expect(stored.examples == dataset.examples && stored.classes == dataset.classes)
        #expect(stored.metadataColumns == ["source"] && stored.sourcePath == "two.csv")
        #expect(try workspace.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM example") } == 2)
        let error = #expect(throws: WorkspaceError.self) { try workspace.dataset(hash: "0000") }
        #expect(error?.nextStep == .trainModel)
    }

    @Test("blobs hold arrays bit for bit")
    func blobRoundTrip() {
        let values: [Float] = [0, -0.0, 1.5, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        let data = Blob.data(values)
        #expect(data.count == values.count * 4)
        #expect(Blob.array(data, of: Float.self).map(\.bitPattern) == values.map(\.bitPattern))
        #expect(Blob.array(Blob.data([Int32](arrayLiteral: 7, -1)), of: Int32.self) == [7, -1])
    }

    @Test("the NumPy writer produces the documented .npy header")
    func npyHeader() {
        let data = NumPyArchive.npy(.float32([1, 2, 3, 4, 5, 6], shape: [2, 3]))
        #expect(data.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'") && header.contains("'shape': (2, 3)"))
        #expect(data.count == 10 + headerLength + 24)
    }
}
