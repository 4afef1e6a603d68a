import Foundation
import GRDB
import Attribution
import TextData
import Workspace

/// One thing `WorkspaceCheck` found wrong: what kind, which row or file, and why.
public struct WorkspaceProblem: Codable, Sendable, Equatable {
    /// `integrity`, `dataset`, `model`, `prediction`, `salience-run`, `salience-map`, `orphan` or `cache`.
    public var kind: String
    /// The row or file, e.g. "salience map run 3 position 17".
    public var subject: String
    /// What is wrong with it, as a phrase.
    public var detail: String
    /// Whether `--repair` removes it (only rows that cannot be read or belong to nothing).
    public var removable: Bool
}

/// What `WorkspaceCheck` read and found; `problems` empty means the workspace is sound.
public struct WorkspaceCheckReport: Codable, Sendable {
    /// The workspace directory.
    public var workspace: String
    /// Lines of SQLite's `PRAGMA integrity_check` (just "ok" when sound).
    public var integrity: [String]
    /// Datasets, models, salience runs and maps read.
    public var datasetCount: Int
    public var modelCount: Int
    public var runCount: Int
    public var mapCount: Int
    /// Everything found wrong.
    public var problems: [WorkspaceProblem]
    /// What a repair removed, one phrase each (empty without `--repair`).
    public var removed: [String]

    /// Whether nothing is wrong.
    public var isSound: Bool { problems.isEmpty }
}

/// Reads everything a workspace stores and says what is damaged: SQLite's integrity check,
/// every dataset, model (files against their fingerprints), prediction and salience map
/// (readable, and matching its run's recipe: the model's token ids for the example), and rows
/// that belong to nothing. Modifies nothing unless asked to repair, which removes only the rows
/// that cannot be read or belong to nothing.
public enum WorkspaceCheck {
    /// Checks `workspace`; with `repair`, then removes the removable problems in one transaction.
    /// - Complexity: O(stored rows + model file bytes + tokenisation of the mapped examples).
    public static func run(_ workspace: Workspace, repair: Bool) throws(WorkspaceError) -> WorkspaceCheckReport {
        var problems: [WorkspaceProblem] = []
        func note(_ kind: String, _ subject: String, _ detail: String, removable: Bool = false) {
            problems.append(WorkspaceProblem(kind: kind, subject: subject, detail: detail, removable: removable))
        }
        let integrity: [String] = (try? workspace.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }) ?? ["the integrity check itself failed"]
        if integrity != ["ok"] {
            for line in integrity.prefix(20) { note("integrity", "salience.sqlite", line) }
        }

        // Datasets.
        let datasetHashes = (try? workspace.read { db in try String.fetchAll(db, sql: "SELECT hash FROM dataset") }) ?? []
        var exampleCounts: [String: Int] = [:]
        var datasets: [String: Dataset] = [:]
        for hash in datasetHashes {
            do {
                let dataset = try workspace.dataset(hash: hash)
                datasets[hash] = dataset
                exampleCounts[hash] = dataset.examples.count
            } catch { note("dataset", "dataset \(hash)", error.message) }
        }

        // Models: readable, files matching the fingerprint, predictions fitting the dataset.
        let fingerprints = (try? workspace.read { db in try String.fetchAll(db, sql: "SELECT fingerprint FROM model") }) ?? []
        var models: [String: LoadedModel] = [:]
        for fingerprint in fingerprints {
            do {
                guard let record = try workspace.modelRecord(fingerprint: fingerprint) else { continue }
                let model = try LoadedModel.load(record: record)
                if let classifier = model.classifier, classifier.fingerprint != fingerprint {
                    note("model", "model \(fingerprint)", "its files in \(record.directory) have the fingerprint \(classifier.fingerprint)")
                    continue
                }
                models[fingerprint] = model
                let predictions = try workspace.predictions(modelFingerprint: fingerprint)
                if let count = exampleCounts[record.recipe.datasetHash], predictions.classes.count != count {
                    note("prediction", "predictions of model \(fingerprint)", "\(predictions.classes.count) predictions for \(count) examples")
                }
            } catch { note("model", "model \(fingerprint)", error.message) }
        }

        // Salience runs and maps.
        struct RunRow { var id: Int64; var fingerprint: String; var recipe: String }
        let runs: [RunRow] = (try? workspace.read { db in
            try Row.fetchAll(db, sql: "SELECT id, modelFingerprint, recipe FROM salienceRun").compactMap { row -> RunRow? in
                guard let id: Int64 = try? row.decode(forColumn: "id") else { return nil }
                return RunRow(id: id, fingerprint: (try? row.decode(forColumn: "modelFingerprint")) ?? "", recipe: (try? row.decode(forColumn: "recipe")) ?? "")
            }
        }) ?? []
        var mapCount = 0
        var unreadableMaps: [(runID: Int64, position: Int64)] = []
        for run in runs {
            let recipe: SalienceRecipe? = try? JSON.decode(run.recipe)
            guard let recipe, recipe.modelFingerprint == run.fingerprint else {
                note("salience-run", "salience run \(run.id)", "its recipe cannot be read or names another model")
                continue
            }
            guard let model = models[run.fingerprint] else {
                if !fingerprints.contains(run.fingerprint) {
                    note("orphan", "salience run \(run.id)", "its model \(run.fingerprint) is not in the workspace", removable: true)
                }
                continue
            }
            let dataset = datasets[model.record.recipe.datasetHash]
            let positions = (try? workspace.read { db in
                try Int64.fetchAll(db, sql: "SELECT position FROM salienceMap WHERE runID = ?", arguments: [run.id])
            }) ?? []
            for position in positions {
                mapCount += 1
                let subject = "salience map run \(run.id) position \(position)"
                do {
                    guard let dataset, (0..<Int64(dataset.examples.count)).contains(position) else {
                        note("salience-map", subject, "its position is not an example of the model's dataset", removable: true)
                        unreadableMaps.append((run.id, position))
                        continue
                    }
                    guard let map = try workspace.storedMaps(runID: run.id, positions: [Int(position)])[Int(position)] else { continue }
                    let classCount = model.record.recipe.classes.count
                    guard (0..<classCount).contains(map.target), (0..<classCount).contains(map.prediction),
                          map.scores.allSatisfy(\.isFinite) else {
                        note("salience-map", subject, "its target, prediction or scores are out of range", removable: true)
                        unreadableMaps.append((run.id, position))
                        continue
                    }
                    if !model.isExternal, model.encode(dataset.examples[Int(position)].text) != map.tokenIDs {
                        note("salience-map", subject, "its tokens are not the model's tokens of example \(dataset.examples[Int(position)].id)", removable: true)
                        unreadableMaps.append((run.id, position))
                    }
                } catch {
                    note("salience-map", subject, error.message, removable: true)
                    unreadableMaps.append((run.id, position))
                }
            }
        }

        // Rows that belong to nothing.
        let orphanQueries: [(String, String, String)] = [
            ("example", "SELECT COUNT(*) FROM example WHERE datasetHash NOT IN (SELECT hash FROM dataset)", "DELETE FROM example WHERE datasetHash NOT IN (SELECT hash FROM dataset)"),
            ("prediction", "SELECT COUNT(*) FROM prediction WHERE modelFingerprint NOT IN (SELECT fingerprint FROM model)", "DELETE FROM prediction WHERE modelFingerprint NOT IN (SELECT fingerprint FROM model)"),
            ("salience map", "SELECT COUNT(*) FROM salienceMap WHERE runID NOT IN (SELECT id FROM salienceRun)", "DELETE FROM salienceMap WHERE runID NOT IN (SELECT id FROM salienceRun)"),
        ]
        var orphanDeletes: [(String, Int, String)] = []
        for (name, countSQL, deleteSQL) in orphanQueries {
            let count = (try? workspace.read { db in try Int.fetchOne(db, sql: countSQL) ?? 0 }) ?? 0
            if count > 0 {
                note("orphan", "\(count) \(name) rows", "they belong to no \(name == "example" ? "dataset" : name == "prediction" ? "model" : "salience run")", removable: true)
                orphanDeletes.append((name, count, deleteSQL))
            }
        }

        // Cached neighbour indexes (`cache/neighbors-*.bin`): a damaged one is removed by a repair and rebuilt by the next query.
        let damagedIndexes = NeighborIndex.damagedFiles(in: workspace)
        for file in damagedIndexes { note("cache", "cache/\(file.name)", file.reason + "; neighbors no longer reads it", removable: true) }

        var removed: [String] = []
        if repair {
            for file in damagedIndexes where (try? FileManager.default.removeItem(atPath: file.path)) != nil {
                removed.append("cache/\(file.name) (rebuilt by the next neighbors query)")
            }
        }
        if repair, problems.contains(where: { $0.removable && $0.kind != "cache" }) {
            let orphanRuns = problems.filter { $0.kind == "orphan" && $0.subject.hasPrefix("salience run ") }
                .compactMap { Int64($0.subject.dropFirst("salience run ".count)) }
            try workspace.write { db in
                for (runID, position) in unreadableMaps {
                    try db.execute(sql: "DELETE FROM salienceMap WHERE runID = ? AND position = ?", arguments: [runID, position])
                }
                for runID in orphanRuns {
                    try db.execute(sql: "DELETE FROM salienceMap WHERE runID = ?", arguments: [runID])
                    try db.execute(sql: "DELETE FROM salienceRun WHERE id = ?", arguments: [runID])
                }
                for (_, _, deleteSQL) in orphanDeletes { try db.execute(sql: deleteSQL) }
            }
            // Deleted maps leave the map table's largest row id as it was: drop every cached neighbour index with them.
            if !unreadableMaps.isEmpty || !orphanRuns.isEmpty {
                try? FileManager.default.removeItem(atPath: NeighborIndexSlot.folder(of: workspace))
            }
            removed += unreadableMaps.map { "salience map run \($0.runID) position \($0.position) (computed again by the next attribute)" }
            removed += orphanRuns.map { "salience run \($0) of a model no longer in the workspace" }
            removed += orphanDeletes.map { "\($0.1) \($0.0) rows that belonged to nothing" }
        }
        return WorkspaceCheckReport(workspace: workspace.directory, integrity: integrity, datasetCount: datasetHashes.count,
                                    modelCount: fingerprints.count, runCount: runs.count, mapCount: mapCount,
                                    problems: problems, removed: removed)
    }
}
