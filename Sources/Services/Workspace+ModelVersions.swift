import Foundation
import GRDB
import Models
import Workspace

/// One model of a workspace as `salience models` lists it.
public struct ModelVersion: Codable, Sendable {
    /// 1, 2, … in the order the models were stored (what `--model-version` accepts besides a fingerprint prefix).
    public var version: Int
    /// Digest of configuration and weights.
    public var fingerprint: String
    /// The model it was made from, or nil.
    public var parentFingerprint: String?
    /// The family (`cnn`, `bert`) or `external`.
    public var kind: String
    /// `train`, `disable`, `head-only`, or `import`.
    public var step: String
    /// Pooled features switched off.
    public var disabledFeatureCount: Int
    /// Best dev accuracy of its training or head retraining, when it has a training report.
    public var devAccuracy: Double?
    /// Whether commands use it when no `--model-version` is given.
    public var isCurrent: Bool
    /// When it was stored.
    public var createdAt: Date
}

extension Workspace {
    /// Every model of the workspace, oldest first, numbered from 1.
    /// - Complexity: one query over the model table.
    public func modelVersions() throws(WorkspaceError) -> [ModelVersion] {
        let current = try state("currentModel")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT fingerprint, recipe, trainingReport, createdAt FROM model ORDER BY createdAt, rowid").enumerated()
                .map { index, row in
                    let recipe: ModelRecipe = try JSON.decode(row.decode(forColumn: "recipe") as String)
                    let report: TrainingReport? = try (row.decode(forColumn: "trainingReport") as String?).map { try JSON.decode($0) }
                    let fingerprint: String = try row.decode(forColumn: "fingerprint")
                    let createdAt: Date = try row.decode(forColumn: "createdAt")
                    let step = recipe.step ?? (recipe.kind == ModelRecipe.externalKind ? "import" : "train")
                    return ModelVersion(version: index + 1, fingerprint: fingerprint, parentFingerprint: recipe.parentFingerprint,
                                        kind: recipe.kind, step: step, disabledFeatureCount: recipe.disabledFeatures?.count ?? 0,
                                        devAccuracy: report?.bestDevAccuracy, isCurrent: fingerprint == current, createdAt: createdAt)
                }
        }
    }

    /// The model a `--model-version` value names: its number in `modelVersions()` (`3` or `v3`)
    /// or a prefix of its fingerprint (at least 4 characters, one match).
    public func modelRecord(version text: String) throws(WorkspaceError) -> ModelRecord {
        let versions = try modelVersions()
        let trimmed = text.lowercased().hasPrefix("v") ? String(text.dropFirst()) : text
        let matches: [ModelVersion]
        if let number = Int(trimmed), text.count < 4 || text.lowercased().hasPrefix("v") {
            matches = versions.filter { $0.version == number }
        } else if text.count >= 4 {
            matches = versions.filter { $0.fingerprint.hasPrefix(text.lowercased()) }
        } else {
            matches = []
        }
        guard matches.count == 1 else {
            let listing = versions.map { "\($0.version) (\($0.fingerprint.prefix(8)))" }.joined(separator: ", ")
            let problem = matches.isEmpty ? "names no model" : "matches \(matches.count) models"
            throw WorkspaceError("The model version \(text) \(problem) of the workspace \(directory), which holds \(listing.isEmpty ? "none" : listing).",
                                 nextStep: .chooseValue(parameter: "modelVersion", advice: "a number or fingerprint prefix that salience models lists"))
        }
        return try modelRecord(fingerprint: matches[0].fingerprint)
    }

    /// The stored model with this fingerprint.
    public func modelRecord(fingerprint: String) throws(WorkspaceError) -> ModelRecord {
        let record = try read { db in
            try Row.fetchOne(db, sql: "SELECT fingerprint, recipe, directory FROM model WHERE fingerprint = ?", arguments: [fingerprint]).map { row in
                ModelRecord(fingerprint: try row.decode(forColumn: "fingerprint"), recipe: try JSON.decode(row.decode(forColumn: "recipe") as String),
                            directory: (directory as NSString).appendingPathComponent(try row.decode(forColumn: "directory") as String))
            }
        }
        guard let record else { throw WorkspaceError("The workspace \(directory) has no model \(fingerprint).", nextStep: .retrainModel) }
        return record
    }
}
