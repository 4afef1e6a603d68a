import Foundation
import Testing
import Attribution
import LinearAlgebra
import Representation
import TextData
@testable import Services
import Workspace

@Suite("The cached neighbour index answers like the session")
struct NeighborIndexTests {
    /// 240 imported maps over 3 topics of 6 words plus shared filler, seeded; some rows share no
    /// salient word with anything (all-filler), so searches also reach zero-similarity rows.
    static func mapsFile() -> String {
        var generator = SplitMix64(seed: 11)
        var lines: [String] = []
        for row in 0..<240 {
            let topic = row % 3
            let length = 3 + Int(generator.next() % 6)
            var tokens: [String] = [], scores: [String] = []
            for slot in 0..<length {
                let isFiller = row % 17 == 0 || slot % 2 == 1
                tokens.append(isFiller ? "f\(generator.next() % 40)" : "t\(topic)w\(generator.next() % 6)")
                // Scores on a 1/64 grid: ties between rows are common, which exercises the tie order.
                scores.append(String(Double(generator.next() % 64 + 1) / 64 * (slot % 3 == 0 ? -1 : 1)))
            }
            let split = ["train", "dev", "test"][row % 5 == 0 ? 2 : row % 7 == 0 ? 1 : 0]
            let label = (row / 3) % 2, prediction = (row % 11 == 0) ? 1 - label : label
            lines.append(#"{"id": "r\#(row)", "tokens": [\#(tokens.map { "\"\($0)\"" }.joined(separator: ", "))], "scores": [\#(scores.joined(separator: ", "))], "label": \#(label), "prediction": \#(prediction), "split": "\#(split)"}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A fresh workspace holding the imported maps.
    static func importedWorkspace() throws -> Workspace {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-neighbor-index-\(UUID().uuidString)")
        let workspace = try Workspace.open(directory: directory.path, create: true)
        let imported = try ImportedSalience.parse(Data(mapsFile().utf8), path: "maps.jsonl")
        _ = try ImportService(workspace: workspace).importSalience(imported, name: "external", seed: 0)
        return workspace
    }

    /// The session's answer (what `neighbors` computes without the index).
    static func uncached(_ session: WorkspaceSession, _ question: IndexedNeighborQuery) throws -> NeighborReport {
        let query = try session.position(ofID: question.id)
        var pool = try session.positions(split: question.poolSplit, filter: nil)
        if !question.anyLabel { pool = pool.filter { session.label(at: $0) == session.predictions[query] } }
        return try NeighborService(session: session).neighbors(of: query, pool: pool, count: question.count, representation: question.representation,
                                                               salience: session.defaultSalienceSpecification)
    }

    static func cached(_ workspace: Workspace, _ question: IndexedNeighborQuery) -> NeighborReport? {
        NeighborService.indexedNeighbors(in: workspace, query: question) { SalienceSpecification(method: $0) }
    }

    static func json(_ report: NeighborReport?) -> String { report.map { JSON.string($0) } ?? "nil" }

    static func question(_ id: String, count: Int = 5, poolSplit: Split? = nil, anyLabel: Bool = true, topK: Int? = 5) -> IndexedNeighborQuery {
        var options = RepresentationOptions(kind: .vocab)
        options.topK = topK
        return IndexedNeighborQuery(id: id, count: count, sliceSplit: nil, poolSplit: poolSplit, anyLabel: anyLabel, representation: options, modelVersion: nil)
    }

    @Test("neighbours from the index equal the session's exactly: ids, order and similarity bits, for any pool, count and top-k")
    func equalsUncached() throws {
        let workspace = try Self.importedWorkspace()
        let session = try WorkspaceSession(workspace: workspace)
        let questions = [Self.question("r1"), Self.question("r34", count: 12, poolSplit: .train), Self.question("r50", anyLabel: false),
                         Self.question("r0", count: 239), Self.question("r17", count: 30), Self.question("r99", count: 8, topK: nil),
                         Self.question("r120", count: 100, poolSplit: .test, anyLabel: false)]
        // The import wrote the index of the default representation (top-k 5) from its own data: it answers like the session.
        let imported = Self.cached(workspace, questions[0])
        let importedExpected = try Self.uncached(session, questions[0])
        #expect(imported != nil)
        #expect(Self.json(imported) == Self.json(importedExpected))
        try FileManager.default.removeItem(atPath: NeighborIndexSlot.folder(of: workspace))
        for question in questions {
            #expect(Self.cached(workspace, question) == nil, "no index before the first query")
            let stored = try NeighborService(session: session).storeIndex(specification: session.defaultSalienceSpecification,
                                                                          representation: question.representation)
            #expect(stored)
            let expected = try Self.uncached(session, question)
            let answer = Self.cached(workspace, question)
            #expect(answer != nil, "the index answers \(question.id)")
            #expect(Self.json(answer) == Self.json(expected), "\(question.id): \(Self.json(answer)) vs \(Self.json(expected))")
            let bits = { (report: NeighborReport?) in report?.neighbors.map(\.similarity.bitPattern) ?? [] }
            #expect(bits(answer) == bits(expected))
            // Clean slate for the next question (its slot may be the same file).
            try? FileManager.default.removeItem(atPath: NeighborIndexSlot.folder(of: workspace))
        }
        // Sanity: the questions reach ties, zero-similarity fill and a label-filtered pool.
        let wide = try Self.uncached(session, Self.question("r0", count: 239))
        #expect(wide.neighbors.contains { $0.similarity == 0 } && wide.neighbors.contains { $0.similarity > 0 })
        #expect(try Self.uncached(session, Self.question("r50", anyLabel: false)).poolSize < wide.poolSize)
    }

    @Test("changing a stored map makes the index stale; it is rebuilt and answers for the new maps")
    func invalidation() throws {
        let workspace = try Self.importedWorkspace()
        let question = Self.question("r4", count: 6)
        var session = try WorkspaceSession(workspace: workspace)
        try NeighborService(session: session).storeIndex(specification: session.defaultSalienceSpecification, representation: question.representation)
        let before = Self.cached(workspace, question)
        #expect(before != nil)
        // Give r4's last neighbour the query's own map: it must climb to similarity 1.
        let changed = try session.position(ofID: before!.neighbors.last!.id)
        let queryMap = session.imported!.maps[try session.position(ofID: "r4")]
        let runID = try #require(try NeighborIndexSlot.find(in: workspace, record: session.model.record, specification: session.defaultSalienceSpecification,
                                                        options: question.representation)).runID
        try workspace.storeMaps([queryMap], positions: [changed], runID: runID)
        #expect(Self.cached(workspace, question) == nil, "the stored index is stale once a map changes")
        session = try WorkspaceSession(workspace: workspace)
        try NeighborService(session: session).storeIndex(specification: session.defaultSalienceSpecification, representation: question.representation)
        let after = try #require(Self.cached(workspace, question))
        #expect(Self.json(after) == Self.json(try Self.uncached(session, question)))
        #expect(after.neighbors.contains { $0.id == before!.neighbors.last!.id && $0.similarity > 0.9999 })
        #expect(Self.json(after) != Self.json(before))
    }

    @Test("a damaged or truncated index is never read: the query falls back, check reports it, repair removes it, the next store rebuilds it")
    func damage() throws {
        let workspace = try Self.importedWorkspace()
        let question = Self.question("r10", count: 4)
        let session = try WorkspaceSession(workspace: workspace)
        let service = NeighborService(session: session)
        try service.storeIndex(specification: session.defaultSalienceSpecification, representation: question.representation)
        let slot = try #require(try NeighborIndexSlot.find(in: workspace, record: session.model.record, specification: session.defaultSalienceSpecification,
                                                       options: question.representation))
        let original = try Data(contentsOf: URL(fileURLWithPath: slot.path))
        #expect(WorkspaceCheck.damagedFilesAreNone(workspace))
        // One flipped bit in the values section, then a truncation.
        var flipped = original
        flipped[NeighborIndex.headerByteCount + 8 * 241 + 4] ^= 0x01
        for damaged in [flipped, original.prefix(original.count - 8)] {
            try damaged.write(to: URL(fileURLWithPath: slot.path))
            guard case .failure(.damaged) = NeighborIndex.open(path: slot.path, key: slot.key) else {
                Issue.record("a damaged file must be refused")
                continue
            }
            #expect(Self.cached(workspace, question) == nil)
            let report = try WorkspaceCheck.run(workspace, repair: false)
            #expect(report.problems.map(\.kind) == ["cache"], "\(report.problems)")
            let repaired = try WorkspaceCheck.run(workspace, repair: true)
            #expect(repaired.removed.count == 1 && !FileManager.default.fileExists(atPath: slot.path))
            try service.storeIndex(specification: session.defaultSalienceSpecification, representation: question.representation)
            #expect(try Data(contentsOf: URL(fileURLWithPath: slot.path)) == original, "rebuilt byte for byte")
        }
        // No temporary files are left next to it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NeighborIndexSlot.folder(of: workspace)).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }
}

extension WorkspaceCheck {
    /// Whether the workspace's cached indexes all pass their checks.
    static func damagedFilesAreNone(_ workspace: Workspace) -> Bool { NeighborIndex.damagedFiles(in: workspace).isEmpty }
}
