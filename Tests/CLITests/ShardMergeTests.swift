import Foundation
import GRDB
import Testing

/// Copies of the untouched tiny project, attributed in shards and merged (issue 18).
struct ShardedProject: Sendable {
    let directory: URL
    static let shardCount = 3

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    var single: String { path("single") }
    func shard(_ index: Int) -> String { path("shard-\(index)") }

    /// The untouched project copied to `single` (attributed in one process with grad-input on the
    /// train split) and to `shard-1…3` (each attributed with `--shard i/3`).
    static let shared: ShardedProject = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salience-shards-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let project = ShardedProject(directory: directory)
        let base = TinyProject.untouched.workspace
        for name in ["single"] + (1...shardCount).map({ "shard-\($0)" }) {
            try! FileManager.default.copyItem(atPath: base, toPath: project.path(name))
        }
        let single = CommandRunner.run(["attribute", "--method", "grad-input", "--split", "train", "--workspace", project.single], in: directory)
        precondition(single.status == 0, "Attributing in one process failed: \(single.standardError)")
        for index in 1...shardCount {
            let shard = CommandRunner.run(["attribute", "--method", "grad-input", "--split", "train", "--shard", "\(index)/\(shardCount)",
                                           "--workspace", project.shard(index)], in: directory)
            precondition(shard.status == 0, "Attributing shard \(index) failed: \(shard.standardError)")
        }
        return project
    }()

    /// Every column of the grad-input maps of a workspace, by position.
    static func mapRows(_ workspace: String) throws -> [Row] {
        let queue = try DatabaseQueue(path: workspace + "/salience.sqlite")
        return try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT position, tokenIDs, scores, target, targetLogit, prediction, probability, baselineLogit, delta
                FROM salienceMap JOIN salienceRun ON salienceRun.id = salienceMap.runID
                WHERE salienceRun.recipe LIKE '%"grad-input"%' ORDER BY position
                """)
        }
    }
}

@Suite("salience attribute --shard and merge, end to end", .serialized)
struct ShardMergeTests {
    let project = ShardedProject.shared

    func run(_ arguments: [String]) -> CommandResult { CommandRunner.run(arguments, in: project.directory) }

    @Test("the shards partition the slice, and merged maps equal the single-process maps byte for byte")
    func mergedEqualsSingle() throws {
        let out = project.path("merged-\(UUID().uuidString)")
        let summary = try run(["merge", "--workspace", out, "--format", "json"] + (1...3).map(project.shard)).jsonObject()
        let counts = try #require(summary["shardExampleCounts"] as? [Int])
        #expect(counts.count == 3 && counts.reduce(0, +) == 160, "\(counts)")
        // Shards are made of whole attribution batches (64 examples, the last of a chunk smaller).
        #expect(counts.allSatisfy { $0 % 32 == 0 }, "\(counts)")
        #expect(summary["created"] as? Bool == true)
        let single = try ShardedProject.mapRows(project.single)
        let merged = try ShardedProject.mapRows(out)
        #expect(single.count == 160)
        #expect(merged == single)
        // The merged workspace is a whole workspace: later commands use its maps without computing.
        let cluster = try run(["cluster", "--workspace", out, "--method", "grad-input", "--split", "train", "--k", "2", "--format", "json"]).jsonObject()
        #expect(cluster["n"] as? Int == 160)
    }

    @Test("merging into the trained workspace the shards were copied from adds the maps there")
    func mergeIntoExisting() throws {
        let out = project.path("base-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TinyProject.untouched.workspace, toPath: out)
        let summary = try run(["merge", "--workspace", out, "--format", "json"] + (1...3).map(project.shard)).jsonObject()
        #expect(summary["created"] as? Bool == false)
        #expect(try ShardedProject.mapRows(out) == ShardedProject.mapRows(project.single))
    }

    @Test("a shard outside 1…N, a zero shard count or a malformed shard is refused in one sentence, and nothing is written", arguments: [
        ("5/4", "with 4 shards the shard number runs from 1 to 4"),
        ("0/0", "must be at least 1"),
        ("2-4", "not of the form i/N"),
    ])
    func badShard(value: String, mention: String) throws {
        let before = TinyProject.untouched.workspaceDigest()
        let result = run(["attribute", "--shard", value, "--workspace", TinyProject.untouched.workspace])
        #expect(result.status == 1)
        #expect(result.standardError.contains(mention), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(TinyProject.untouched.workspaceDigest() == before)
    }

    @Test("a workspace holding one shard refuses another shard of the same run")
    func secondShardInOneWorkspace() throws {
        let before = ImportedProject.digest(of: project.shard(1))
        let result = run(["attribute", "--method", "grad-input", "--split", "train", "--shard", "2/3", "--workspace", project.shard(1)])
        #expect(result.status == 1)
        #expect(result.standardError.contains("already holds shard 1/3"), "\(result.standardError)")
        #expect(ImportedProject.digest(of: project.shard(1)) == before)
    }

    @Test("a shard given twice, a missing shard and shards of different models are refused in one sentence; nothing is written")
    func mismatchedShards() throws {
        // A shard of another model: the tiny project retrained with another seed, then shard 2/3.
        let otherModel = project.path("other-model-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TinyProject.untouched.workspace, toPath: otherModel)
        let untouched = TinyProject.untouched
        let train = run(["train", "--data", untouched.data, "--checkpoint", untouched.checkpoint, "--workspace", otherModel, "--epochs", "2",
                         "--batch-size", "16", "--seed", "7"])
        try #require(train.status == 0, "\(train.standardError)")
        let shard = run(["attribute", "--method", "grad-input", "--split", "train", "--shard", "2/3", "--workspace", otherModel])
        try #require(shard.status == 0, "\(shard.standardError)")
        let copyOfShard2 = project.path("copy-of-shard-2-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: project.shard(2), toPath: copyOfShard2)

        let base = project.path("base-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TinyProject.untouched.workspace, toPath: base)
        let newFolder = project.path("never-\(UUID().uuidString)")
        let cases: [([String], String)] = [
            ([project.shard(1), project.shard(2), project.shard(2), project.shard(3)], "is given twice"),
            ([project.shard(1), project.shard(2), copyOfShard2, project.shard(3)], "Shard 2/3 is given twice"),
            ([project.shard(1), project.shard(3)], "Shard 2/3 of the 3 shards is missing"),
            ([project.shard(1), otherModel, project.shard(3)], "explain different models"),
            ([project.shard(1), project.single, project.shard(3)], "holds no shard"),
        ]
        for (output, exists) in [(base, true), (newFolder, false)] {
            let before = ImportedProject.digest(of: output)
            let shardDigests = (1...3).map { ImportedProject.digest(of: project.shard($0)) }
            for (shards, mention) in cases {
                let result = run(["merge", "--workspace", output] + shards)
                #expect(result.status == 1, "\(mention): \(result.standardOutput)")
                #expect(result.standardError.contains(mention), "\(result.standardError)")
                #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            }
            #expect(ImportedProject.digest(of: output) == before)
            #expect(FileManager.default.fileExists(atPath: output) == exists)
            #expect((1...3).map { ImportedProject.digest(of: project.shard($0)) } == shardDigests)
        }
    }
}
