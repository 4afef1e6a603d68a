import Foundation
import GRDB

/// A workspace directory: one embedded SQLite database (`salience.sqlite`) plus model files
/// under `models/`. Every command finds there what earlier commands computed.
///
/// This module is the store: the database with its schema and transactions, datasets, blobs and
/// JSON columns, NumPy files. The services that use it (the session, training, salience maps,
/// the analyses, import and export) live in the `Services` module.
///
/// Writes are transactional: a command that fails leaves the database as it was.
public final class Workspace: @unchecked Sendable {
    /// The workspace directory.
    public let directory: String
    /// The database connection (serialised).
    let database: DatabaseQueue

    /// File name of the database inside the directory.
    public static let databaseFileName = "salience.sqlite"

    private init(directory: String, database: DatabaseQueue) {
        self.directory = directory
        self.database = database
    }

    /// Opens the workspace at `directory`; with `create`, makes it when it does not exist yet.
    public static func open(directory: String, create: Bool) throws(WorkspaceError) -> Workspace {
        let manager = FileManager.default
        let databasePath = (directory as NSString).appendingPathComponent(databaseFileName)
        if !manager.fileExists(atPath: databasePath) {
            guard create else {
                throw WorkspaceError("There is no workspace at \(directory).", nextStep: .trainModel)
            }
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw WorkspaceError("Cannot create the workspace directory \(directory): \(error.localizedDescription)")
            }
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
            try WorkspaceSchema.migrator.migrate(queue)
            return Workspace(directory: directory, database: queue)
        } catch let error as DatabaseError {
            throw WorkspaceError("The workspace database \(databasePath) cannot be opened (\(error.message ?? "\(error.resultCode)")); delete the workspace or choose another folder.",
                                 nextStep: .chooseValue(parameter: "workspace", advice: "another folder"))
        } catch {
            throw WorkspaceError("The workspace database \(databasePath) cannot be opened: \(error)")
        }
    }

    /// The folder holding trained model checkpoints.
    public var modelsDirectory: String { (directory as NSString).appendingPathComponent("models") }

    /// Runs `body` in one write transaction, mapping database failures to a workspace error.
    package func write<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        try mappingFailures(of: "Writing to") { try database.write(body) }
    }

    /// Runs `body` with read access, mapping database failures to a workspace error.
    package func read<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        try mappingFailures(of: "Reading") { try database.read(body) }
    }

    /// The result of `access`; a workspace error thrown inside passes through, any other failure becomes one naming `action`.
    private func mappingFailures<T>(of action: String, _ access: () throws -> T) throws(WorkspaceError) -> T {
        do {
            return try access()
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw WorkspaceError("\(action) the workspace \(directory) failed: \(error)")
        }
    }

    /// A value of the key-value state table (current dataset, current model).
    package func state(_ key: String) throws(WorkspaceError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key]) }
    }

    /// Sets a state value inside an open transaction.
    package static func setState(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO state(key, value) VALUES (?, ?)", arguments: [key, value])
    }
}
