import Foundation
import Testing
import Attribution
import LinearAlgebra
import Models
import TextData
@testable import Workspace

/// A tiny labelled dataset and checkpoint on disk, trained into a fresh workspace.
private struct TinyWorkspace {
    let directory: URL
    let workspace: Workspace
    let dataset: Dataset

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-workspace-\(UUID().uuidString)")
        let checkpoint = directory.appendingPathComponent("checkpoint").path
        try FileManager.default.createDirectory(atPath: checkpoint, withIntermediateDirectories: true)
        let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "film", "plot", "the", "a"]
        try (vocabulary.joined(separator: "\n") + "\n").write(toFile: checkpoint + "/vocab.txt", atomically: true, encoding: .utf8)
        var generator = SplitMix64(seed: 1)
        let table = (0..<(vocabulary.count * 16)).map { _ in generator.nextNormal() }
        try SafeTensors.write(["embeddings.word_embeddings.weight": SafeTensors.Tensor(shape: [vocabulary.count, 16], values: table)],
                              to: checkpoint + "/model.safetensors")
        var examples: [Example] = []
        let filler = ["film", "plot", "the", "a"]
        for index in 0..<90 {
            let positive = index % 2 == 0
            var words = (0..<4).map { _ in filler[Int(generator.next() % 4)] }
            words.insert(positive ? "good" : "bad", at: Int(generator.next() % 4))
            examples.append(Example(id: "e\(index)", text: words.joined(separator: " "), label: positive ? "pos" : "neg",
                                    split: index < 60 ? .train : (index < 75 ? .dev : .test)))
        }
        dataset = Dataset(examples: examples, classes: ["neg", "pos"], metadataColumns: [], sourcePath: "tiny.csv")
        workspace = try Workspace.open(directory: directory.appendingPathComponent("workspace").path, create: true)
        var options = TrainingOptions()
        options.epochCount = 5
        options.batchSize = 10
        _ = try workspace.train(TrainingRequest(dataset: dataset, checkpointDirectory: checkpoint, options: options))
    }

    func storedMapCount() throws -> Int {
        try workspace.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM salienceMap") ?? 0 }
    }
}

import GRDB

@Suite("Workspace store")
struct WorkspaceTests {
    @Test("an interrupted attribution resumes: stored maps are reused and only the rest is computed")
    func resumesAttribution() throws {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let positions = Array(session.dataset.examples.indices)
        let specification = SalienceSpecification(method: "grad-l2")
        // The first run stops after 30 examples, as a killed process would after its committed chunks.
        let firstPart = try session.maps(specification, positions: Array(positions.prefix(30)), chunkSize: 10)
        #expect(try tiny.storedMapCount() == 30)
        var firstReport: (Int, Int)?
        let all = try session.maps(specification, positions: positions, chunkSize: 10) { done, total in
            if firstReport == nil { firstReport = (done, total) }
        }
        #expect(firstReport?.0 == 30 && firstReport?.1 == positions.count, "resumed with 30 of \(positions.count) done")
        #expect(try tiny.storedMapCount() == positions.count)
        #expect(Array(all.prefix(30)) == firstPart)
        // Reopening the workspace finds everything; nothing is recomputed.
        let reopened = try WorkspaceSession(workspace: Workspace.open(directory: tiny.workspace.directory, create: false))
        var reopenedDone = -1
        let again = try reopened.maps(specification, positions: positions) { done, _ in if reopenedDone < 0 { reopenedDone = done } }
        #expect(reopenedDone == positions.count)
        #expect(again == all)
    }

    @Test("stored maps equal freshly computed ones, bit for bit")
    func storedMapsRoundTrip() throws {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let positions = Array(0..<20)
        let stored = try session.maps(SalienceSpecification(method: "grad-l2"), positions: positions)
        let fresh = Attributor.attribute(model: session.model.classifier!, method: GradientL2(), sequences: positions.map(session.tokenIDs(at:)),
                                         labels: positions.map(session.label(at:)), target: .prediction)
        #expect(stored.map(\.scores) == fresh.map(\.scores))
        #expect(stored.map(\.tokenIDs) == fresh.map(\.tokenIDs))
    }

    @Test("training the same recipe twice is a lookup, and the dataset round-trips")
    func trainingIsCached() throws {
        let tiny = try TinyWorkspace()
        let first = try tiny.workspace.currentModelRecord()
        var options = TrainingOptions()
        options.epochCount = 5
        options.batchSize = 10
        let again = try tiny.workspace.train(TrainingRequest(dataset: tiny.dataset, checkpointDirectory: first.recipe.checkpointDirectory, options: options))
        #expect(again.reused)
        #expect(again.record.fingerprint == first.fingerprint)
        let stored = try tiny.workspace.dataset(hash: first.recipe.datasetHash)
        #expect(stored.examples == tiny.dataset.examples)
        #expect(stored.classes == tiny.dataset.classes)
    }

    @Test("a failed write leaves no trace: the transaction rolls back")
    func failedWriteRollsBack() throws {
        let tiny = try TinyWorkspace()
        let before = try tiny.storedMapCount()
        let map = SalienceMap(tokenIDs: [2, 5, 3], scores: [0.1, 0.2, 0.3], target: 0, targetLogit: 1, prediction: 0, probability: 0.9)
        // The second row references a salience run that does not exist, so the whole chunk must fail.
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let runID = try tiny.workspace.salienceRun(recipe: SalienceSpecification(method: "grad-l2").recipe(modelFingerprint: session.model.record.fingerprint))
        #expect(throws: WorkspaceError.self) {
            try tiny.workspace.write { db in
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                try db.execute(sql: "INSERT INTO salienceMap(runID, position, tokenIDs, scores, target, targetLogit, prediction, probability) VALUES (?, 0, ?, ?, 0, 1, 0, 0.9)",
                               arguments: [runID, Blob.data(map.tokenIDs), Blob.data(map.scores)])
                try db.execute(sql: "INSERT INTO salienceMap(runID, position, tokenIDs, scores, target, targetLogit, prediction, probability) VALUES (?, 1, ?, ?, 0, 1, 0, 0.9)",
                               arguments: [runID + 1000, Blob.data(map.tokenIDs), Blob.data(map.scores)])
            }
        }
        #expect(try tiny.storedMapCount() == before)
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
