import Foundation
import GRDB
import Attribution
import Workspace

/// Merges the shard workspaces of one sharded `attribute` run (`--shard i/N`) into one workspace
/// whose maps are the bytes each shard stored, so they equal a single-process run's.
public enum MergeService {
    /// One shard workspace as read for merging.
    struct ShardInput {
        var path: String
        var workspace: Workspace
        var runID: Int64
        var record: ShardRecord
        var datasetHash: String
    }

    /// Checks that `shardPaths` are all N shards of one run (same data, model fingerprint,
    /// salience recipe and slice; none twice, none missing), then stores their maps in the
    /// workspace at `output` in one transaction.
    ///
    /// When `output` holds no workspace it becomes a copy of the first shard's workspace (database
    /// and model folder); an existing `output` must hold the same data and model (the trained
    /// workspace the shards were copied from). Every check runs before anything is written, and a
    /// failing merge leaves `output` as it was (or absent).
    /// - Complexity: O(stored map bytes of the shards).
    public static func merge(shardPaths: [String], into output: String) throws(WorkspaceError) -> MergeOutcome {
        precondition(!shardPaths.isEmpty, "merge needs at least one shard")
        var seenPaths: [String: String] = [:]
        for path in shardPaths {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
            if let earlier = seenPaths[resolved] {
                throw WorkspaceError("The shard workspace \(path) is given twice (also as \(earlier)); name each shard once.")
            }
            seenPaths[resolved] = path
        }
        let shards = try shardPaths.map { path throws(WorkspaceError) in try read(shardAt: path) }
        let first = shards[0]
        let count = first.record.shard.count
        for shard in shards.dropFirst() {
            let pair = "\(first.path) and \(shard.path)"
            guard shard.datasetHash == first.datasetHash else {
                throw WorkspaceError("The shards \(pair) hold different data (datasets \(first.datasetHash) and \(shard.datasetHash)); merge the shards of one attribute run only.")
            }
            guard shard.record.recipe.modelFingerprint == first.record.recipe.modelFingerprint else {
                throw WorkspaceError("The shards \(pair) explain different models (\(first.record.recipe.modelFingerprint.prefix(16)) and \(shard.record.recipe.modelFingerprint.prefix(16))); merge the shards of one model only.")
            }
            guard shard.record.recipe == first.record.recipe else {
                throw WorkspaceError("The shards \(pair) were computed with different salience recipes (\(describe(first.record.recipe)) and \(describe(shard.record.recipe))); merge the shards of one attribute run only.")
            }
            guard shard.record.shard.count == count else {
                throw WorkspaceError("The shards \(pair) cut the slice differently (shard \(first.record.shard) and shard \(shard.record.shard)); merge shards of one shard count only.")
            }
            guard shard.record.sliceDigest == first.record.sliceDigest else {
                throw WorkspaceError("The shards \(pair) are shards of different slices (\(first.record.slicePositions.count) and \(shard.record.slicePositions.count) examples); give every shard the same --split and --where.")
            }
        }
        var byIndex: [Int: ShardInput] = [:]
        for shard in shards {
            if let earlier = byIndex[shard.record.shard.index] {
                throw WorkspaceError("Shard \(shard.record.shard) is given twice: \(earlier.path) and \(shard.path); name each shard once.")
            }
            byIndex[shard.record.shard.index] = shard
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw WorkspaceError("Shard\(missing.count > 1 ? "s" : "") \(names) of the \(count) shards \(missing.count > 1 ? "are" : "is") missing; attribute \(missing.count > 1 ? "them" : "it") with --shard and merge all \(count) shard workspaces.")
        }

        // The maps of every shard, checked complete before the output is touched.
        let slice = first.record.slicePositions
        var merged: [Int: SalienceMap] = [:]
        merged.reserveCapacity(slice.count)
        var shardExampleCounts: [Int] = []
        var owner: [Int: Int] = [:]
        owner.reserveCapacity(slice.count)
        for index in 1...count {
            let shard = byIndex[index]!
            let mine = shard.record.positions
            for position in mine {
                if let other = owner.updateValue(index, forKey: position) {
                    throw WorkspaceError("Shards \(other)/\(count) and \(index)/\(count) both hold the example at position \(position); they were not cut by one version of salience, so attribute them again.")
                }
            }
            let stored = try shard.workspace.storedMaps(runID: shard.runID, positions: mine)
            let absent = mine.count - mine.filter { stored[$0] != nil }.count
            guard absent == 0 else {
                throw WorkspaceError("Shard \(shard.record.shard) in \(shard.path) is unfinished: \(absent) of its \(mine.count) maps are missing; run attribute --shard \(shard.record.shard) on it again to finish it.")
            }
            for position in mine { merged[position] = stored[position] }
            shardExampleCounts.append(mine.count)
        }
        guard owner.count == slice.count, slice.allSatisfy({ owner[$0] != nil }) else {
            throw WorkspaceError("The \(count) shards hold \(owner.count) of the slice's \(slice.count) examples; they were not cut by one version of salience, so attribute them again.")
        }
        let positions = slice
        let maps = positions.map { merged[$0]! }
        let recipe = first.record.recipe

        let manager = FileManager.default
        let created = !manager.fileExists(atPath: (output as NSString).appendingPathComponent(Workspace.databaseFileName))
        let target: Workspace
        if created {
            let modelFolder = first.workspace.modelDirectory(fingerprint: recipe.modelFingerprint)
            guard manager.fileExists(atPath: modelFolder) else {
                throw WorkspaceError("The shard workspace \(first.path) has no model folder to copy into the new workspace \(output); merge into the trained workspace the shards were copied from instead.",
                                     nextStep: .chooseValue(parameter: "workspace", advice: "the trained workspace the shards were copied from"))
            }
            target = try copy(first, modelFolder: modelFolder, to: output)
        } else {
            target = try Workspace.open(directory: output, create: false)
            let hasModel = try target.read { db in
                try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM model WHERE fingerprint = ? AND datasetHash = ?",
                                  arguments: [recipe.modelFingerprint, first.datasetHash]) ?? false
            }
            guard hasModel else {
                throw WorkspaceError("The workspace \(output) does not hold the model \(recipe.modelFingerprint.prefix(16)) of the shards; merge into the trained workspace the shards were copied from, or into a new folder.",
                                     nextStep: .chooseValue(parameter: "workspace", advice: "the trained workspace the shards were copied from, or a new folder"))
            }
        }
        do {
            try target.write { db in
                let runID = try Workspace.salienceRun(recipe: recipe, in: db)
                try Workspace.insertMaps(maps, positions: positions, runID: runID, in: db)
                // The merged workspace holds the whole slice: it is no longer a shard.
                try db.execute(sql: "DELETE FROM salienceShard WHERE runID = ?", arguments: [runID])
            }
        } catch {
            if created { try? manager.removeItem(atPath: output) }
            throw error
        }
        return MergeOutcome(workspace: output, created: created, shardCount: count, exampleCount: positions.count,
                            shardExampleCounts: shardExampleCounts, method: SalienceSpecification(recipe: recipe).displayName,
                            modelFingerprint: recipe.modelFingerprint)
    }

    /// `grad-l2, target prediction, normalisation none` (with steps, quadrature and baseline for IG).
    static func describe(_ recipe: SalienceRecipe) -> String {
        var parts = [recipe.method, "target \(recipe.target)", "normalisation \(recipe.normalization)"]
        if let steps = recipe.steps { parts.append("\(steps) steps") }
        if let quadrature = recipe.quadrature { parts.append(quadrature) }
        if let baseline = recipe.baseline { parts.append("baseline \(baseline)") }
        return parts.joined(separator: ", ")
    }

    /// Opens the shard workspace at `path` and reads its one shard record.
    static func read(shardAt path: String) throws(WorkspaceError) -> ShardInput {
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(Workspace.databaseFileName)) else {
            throw WorkspaceError("There is no shard workspace at \(path); make shards with salience attribute --shard i/N, one workspace each.")
        }
        let workspace = try Workspace.open(directory: path, create: false)
        let records = try workspace.shardRecords()
        guard records.count == 1, let (runID, record) = records.first else {
            throw WorkspaceError(records.isEmpty
                ? "The workspace \(path) holds no shard; make shards with salience attribute --shard i/N, one workspace each."
                : "The workspace \(path) holds shards of \(records.count) salience runs; give each sharded run workspaces of its own.")
        }
        let datasetHash = try workspace.read { db in
            try String.fetchOne(db, sql: "SELECT datasetHash FROM model WHERE fingerprint = ?", arguments: [record.recipe.modelFingerprint])
        }
        guard let datasetHash else {
            throw WorkspaceError("The shard workspace \(path) lost the model \(record.recipe.modelFingerprint.prefix(16)) its maps explain; attribute the shard again in a fresh copy of the trained workspace.")
        }
        return ShardInput(path: path, workspace: workspace, runID: runID, record: record, datasetHash: datasetHash)
    }

    /// A new workspace at `output`: the shard's database (SQLite online backup) and its model folder.
    static func copy(_ shard: ShardInput, modelFolder: String, to output: String) throws(WorkspaceError) -> Workspace {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: (output as NSString).appendingPathComponent("models"), withIntermediateDirectories: true)
            try manager.copyItem(atPath: modelFolder,
                                 toPath: ((output as NSString).appendingPathComponent("models") as NSString).appendingPathComponent((modelFolder as NSString).lastPathComponent))
        } catch {
            try? manager.removeItem(atPath: output)
            throw WorkspaceError("Cannot make the merged workspace \(output): \(error.localizedDescription)",
                                 nextStep: .chooseValue(parameter: "workspace", advice: "a folder that can be written"))
        }
        do {
            let target = try Workspace.open(directory: output, create: true)
            try shard.workspace.backup(to: target)
            return target
        } catch {
            try? manager.removeItem(atPath: output)
            throw error
        }
    }
}
