import Foundation
import Testing
import Diagnostics
import Representation
@testable import Services
import Workspace

@Suite("Analysis services over a trained workspace")
struct AnalysisServicesTests {
    @Test("clustering partitions the slice into k clusters, and a k beyond the slice names k and the limit without a flag")
    func cluster() throws {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let positions = try session.positions(split: .test, filter: nil)
        let maps = try session.maps(SalienceSpecification(method: "grad-l2"), positions: positions)
        var request = ClusterRequest(clusterCount: 2, representation: RepresentationOptions(kind: .vocab), salience: SalienceSpecification(method: "grad-l2"))
        request.truth = .regex("good")
        let report = try ClusterService(session: session).cluster(request, positions: positions, maps: maps)
        #expect(report.clusters.count == 2 && report.n == positions.count)
        let ids = report.clusters.flatMap(\.exampleIds).sorted()
        #expect(ids == positions.map { session.dataset.examples[$0].id }.sorted(), "every example in exactly one cluster")
        let truthCount = positions.filter { session.dataset.examples[$0].text.contains("good") }.count
        #expect(report.truth?.truthCount == truthCount)

        request.clusterCount = positions.count + 1
        let error = #expect(throws: WorkspaceError.self) { try ClusterService(session: session).cluster(request, positions: positions, maps: maps) }
        #expect(error?.nextStep == .chooseValue(parameter: "k", advice: "at most \(positions.count), or a wider slice"))
        #expect(error.map { !$0.message.contains("--") } == true, "\(error?.message ?? "")")
    }

    @Test("exported maps read back through the importer with the same ids, tokens and scores")
    func exportRoundTrip() throws {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let positions = Array(0..<12)
        let maps = try session.maps(SalienceSpecification(method: "grad-l2"), positions: positions)
        let data = ExportService(session: session).jsonLines(maps, positions: positions)
        let imported = try ImportedSalience.parse(data, path: "export.jsonl")
        #expect(imported.lines.map(\.id) == positions.map { session.dataset.examples[$0].id })
        #expect(imported.lines.map(\.scores) == maps.map(\.scores))
        #expect(imported.lines.map(\.tokens) == maps.map { $0.tokenIDs.map { session.term(Int($0)) } })
        #expect(imported.lines.map(\.label) == positions.map { Optional(session.dataset.examples[$0].label) })
    }

    @Test("a sparse representation refuses .npy; a dense one writes its ids beside it")
    func representationFiles() throws {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let positions = Array(0..<5)
        let maps = try session.maps(SalienceSpecification(method: "grad-l2"), positions: positions)
        let representations = RepresentationService(session: session)
        let export = ExportService(session: session)
        let vocab = try representations.representation(RepresentationOptions(kind: .vocab), positions: positions, maps: maps)
        #expect(throws: WorkspaceError.self) { try export.representationFile(vocab, kind: .vocab, positions: positions, format: .npy) }
        let sparse = try export.representationFile(vocab, kind: .vocab, positions: positions, format: .npz)
        #expect(sparse.idsText == nil && sparse.data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        let cls = try representations.representation(RepresentationOptions(kind: .cls), positions: positions, maps: maps)
        let dense = try export.representationFile(cls, kind: .cls, positions: positions, format: .npy)
        #expect(dense.idsText == positions.map { "e\($0)\n" }.joined())
        #expect(dense.data.count > cls.rowCount * cls.columnCount * 4, "header plus 32-bit values")
    }

    @Test("neighbours never include the query, and bad counts and classes say which value to change")
    func neighborsAndClasses() throws {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        let neighbors = NeighborService(session: session)
        let pool = Array(0..<30)
        let report = try neighbors.neighbors(of: 3, pool: pool, count: 4, representation: RepresentationOptions(kind: .vocab),
                                             salience: SalienceSpecification(method: "grad-l2"))
        #expect(report.neighbors.count == 4 && report.poolSize == 29)
        #expect(!report.neighbors.map(\.id).contains("e3"))
        let zero = #expect(throws: WorkspaceError.self) {
            try neighbors.neighbors(of: 3, pool: pool, count: 0, representation: RepresentationOptions(kind: .vocab),
                                    salience: SalienceSpecification(method: "grad-l2"))
        }
        #expect(zero?.nextStep == .chooseValue(parameter: "neighborCount", advice: "at least 1"))
        let unknown = #expect(throws: WorkspaceError.self) { try session.classIndex(named: "mixed") }
        #expect(unknown?.message == "No class is named mixed in tiny.csv; the classes are neg, pos.")
        #expect(unknown?.nextStep == .chooseValue(parameter: "className", advice: "one of neg, pos"))
        #expect(try session.classIndex(named: "pos") == 1)
    }
}
