import Foundation
import Diagnostics
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
    ///
    /// When the database cannot be opened for writing (a full disk, a read-only folder) an
    /// up-to-date workspace opens read-only, so commands that only read still work; a write then
    /// fails with a sentence saying to free space. `readOnly` opens read-only from the start.
    public static func open(directory: String, create: Bool, readOnly: Bool = false) throws(WorkspaceError) -> Workspace {
        let manager = FileManager.default
        let databasePath = (directory as NSString).appendingPathComponent(databaseFileName)
        if !manager.fileExists(atPath: databasePath) {
            guard create, !readOnly else {
                throw WorkspaceError("There is no workspace at \(directory).", nextStep: .trainModel)
            }
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw WorkspaceError("Cannot create the workspace directory \(directory): \(error.localizedDescription)",
                                     nextStep: .freeDiskSpace(directory))
            }
        }
        if !readOnly {
            do {
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
                try WorkspaceSchema.migrator.migrate(queue)
                return Workspace(directory: directory, database: queue)
            } catch let error as DatabaseError where Self.isDamage(error) {
                throw WorkspaceError.damaged(directory, error.message ?? "\(error.resultCode)")
            } catch {
                // Fall through: a workspace that cannot be written may still be read.
                if (try? openReadOnly(directory: directory, databasePath: databasePath)) == nil {
                    throw Self.failure(error, action: "Opening", directory: directory)
                }
            }
        }
        do {
            return try openReadOnly(directory: directory, databasePath: databasePath)
        } catch {
            throw Self.failure(error, action: "Opening", directory: directory)
        }
    }

    /// The database opened read-only; throws when its schema is not up to date (it would need a write).
    private static func openReadOnly(directory: String, databasePath: String) throws -> Workspace {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: databasePath, configuration: configuration)
        let upToDate = try queue.read { db in try WorkspaceSchema.migrator.hasCompletedMigrations(db) }
        guard upToDate else {
            throw WorkspaceError("The workspace \(directory) needs an upgrade of its database, which cannot be written now.",
                                 nextStep: .freeDiskSpace(directory))
        }
        return Workspace(directory: directory, database: queue)
    }

    /// Whether a database failure means the file is damaged (rather than the disk full or the file busy).
    static func isDamage(_ error: DatabaseError) -> Bool {
        [ResultCode.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT, .SQLITE_MISMATCH].contains(error.resultCode)
    }

    /// The one sentence for a failed database access: damage says to restore or check, a full disk
    /// (or a workspace that can only be read) says to free space, never to delete the workspace.
    static func failure(_ error: any Error, action: String, directory: String) -> WorkspaceError {
        if let error = error as? WorkspaceError { return error }
        if let error = error as? DatabaseError {
            let reason = error.message ?? "\(error.resultCode)"
            switch error.resultCode {
            case .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN:
                return WorkspaceError("\(action) the workspace \(directory) failed (\(reason)); it keeps everything it had.",
                                      nextStep: .freeDiskSpace(directory))
            case _ where isDamage(error):
                return .damaged(directory, reason)
            default:
                return WorkspaceError("\(action) the workspace \(directory) failed (\(reason)).")
            }
        }
        if error is RowDecodingError { return .damaged(directory, "\(error)") }
        if error is DecodingError { return .damaged(directory, "a stored JSON value cannot be read") }
        return WorkspaceError("\(action) the workspace \(directory) failed: \(error)")
    }

    /// The folder holding trained model checkpoints.
    public var modelsDirectory: String { (directory as NSString).appendingPathComponent("models") }

    /// Runs `body` in one write transaction, mapping database failures to a workspace error.
    package func write<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        try mappingFailures(of: "Writing to") { try Interruption.deferring { try database.write(body) } }
    }

    /// Runs `body` with read access, mapping database failures to a workspace error.
    package func read<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        try mappingFailures(of: "Reading") { try database.read(body) }
    }

    /// The result of `access`; a workspace error thrown inside passes through, any other failure becomes one naming `action`.
    private func mappingFailures<T>(of action: String, _ access: () throws -> T) throws(WorkspaceError) -> T {
        do {
            return try access()
        } catch {
            throw Self.failure(error, action: action, directory: directory)
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
