import Foundation
import Testing
import GRDB
import Diagnostics
@testable import Services
@testable import Workspace

/// Damage written into the database with SQL: each read becomes one sentence naming the workspace,
/// and `WorkspaceCheck` reports it (and repairs only what it may remove).
@Suite("Workspace damage: throwing reads, the check and its repair")
struct WorkspaceDamageTests {
    /// A trained tiny workspace with its Grad-L2 maps stored.
    static func attributed() throws -> TinyWorkspace {
        let tiny = try TinyWorkspace()
        let session = try WorkspaceSession(workspace: tiny.workspace)
        _ = try session.maps(SalienceSpecification(method: "grad-l2"), positions: Array(session.dataset.examples.indices))
        return tiny
    }

    @Test("a NULL text (a NOT NULL column whose constraint was damaged) and unreadable JSON are sentences naming the workspace, not traps")
    func undecodableText() throws {
        let tiny = try Self.attributed()
        let directory = tiny.workspace.directory
        let path = directory + "/" + Workspace.databaseFileName
        // The schema itself damaged: the NOT NULL of example.text gone, then a NULL stored there.
        let raw = try DatabaseQueue(path: path)
        try raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, '\"text\" TEXT NOT NULL', '\"text\" TEXT') WHERE name = 'example'")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try raw.close()
        let reopened = try DatabaseQueue(path: path)
        try reopened.write { db in try db.execute(sql: "UPDATE example SET text = NULL WHERE position = 3") }
        try reopened.close()
        func isDamageSentence(_ error: any Error) -> Bool {
            guard let error = error as? WorkspaceError else { return false }
            return error.message.contains(directory) && error.message.contains("damaged")
                && error.message.contains("restore it from a copy") && error.nextStep == .checkWorkspace(directory)
        }
        let workspace = try Workspace.open(directory: directory, create: false)
        #expect { _ = try WorkspaceSession(workspace: workspace) } throws: { isDamageSentence($0) }
        try workspace.write { db in
            try db.execute(sql: "UPDATE example SET text = 'film' WHERE position = 3")
            try db.execute(sql: "UPDATE example SET metadata = '{not json' WHERE position = 3")
        }
        #expect { _ = try WorkspaceSession(workspace: workspace) } throws: { isDamageSentence($0) }
    }

    @Test("a map blob cut short, a label outside the classes and a prediction outside the classes are each one sentence")
    func damagedRows() throws {
        let tiny = try Self.attributed()
        try tiny.workspace.write { db in try db.execute(sql: "UPDATE salienceMap SET scores = x'0102' WHERE position = 5") }
        let session = try WorkspaceSession(workspace: tiny.workspace)
        #expect(throws: WorkspaceError.self) {
            _ = try session.maps(SalienceSpecification(method: "grad-l2"), positions: [5])
        }
        try tiny.workspace.write { db in try db.execute(sql: "UPDATE prediction SET prediction = 7 WHERE position = 2") }
        #expect(throws: WorkspaceError.self) { _ = try WorkspaceSession(workspace: tiny.workspace) }
        try tiny.workspace.write { db in
            try db.execute(sql: "UPDATE prediction SET prediction = 0 WHERE position = 2")
            try db.execute(sql: "UPDATE example SET label = 'nonsense' WHERE position = 4")
        }
        #expect(throws: WorkspaceError.self) { _ = try WorkspaceSession(workspace: tiny.workspace) }
    }

    @Test("check finds a damaged map and an orphaned row, changes nothing, and repair removes exactly those")
    func checkAndRepair() throws {
        let tiny = try Self.attributed()
        let sound = try WorkspaceCheck.run(tiny.workspace, repair: false)
        #expect(sound.isSound, "\(sound.problems)")
        #expect(sound.integrity == ["ok"] && sound.modelCount == 1 && sound.runCount == 1 && sound.mapCount == 90)

        try tiny.workspace.write { db in
            try db.execute(sql: "UPDATE salienceMap SET tokenIDs = x'01000000' WHERE position = 7")   // not the example's tokens
            try db.execute(sql: "UPDATE salienceMap SET scores = x'01' WHERE position = 8")           // not whole floats
        }
        try tiny.workspace.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "INSERT INTO salienceMap(runID, position, tokenIDs, scores, target, targetLogit, prediction, probability) VALUES (99, 0, x'', x'', 0, 0, 0, 0)")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let count = { try tiny.workspace.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM salienceMap") ?? 0 } }
        let damaged = try WorkspaceCheck.run(tiny.workspace, repair: false)
        #expect(Set(damaged.problems.map(\.subject)) == ["salience map run 1 position 7", "salience map run 1 position 8", "1 salience map rows"])
        let countAfterCheck = try count()
        #expect(damaged.removed.isEmpty && countAfterCheck == 91)

        let repaired = try WorkspaceCheck.run(tiny.workspace, repair: true)
        let countAfterRepair = try count()
        #expect(repaired.removed.count == 3 && countAfterRepair == 88)
        let after = try WorkspaceCheck.run(tiny.workspace, repair: false)
        #expect(after.isSound, "\(after.problems)")
    }

    @Test("a workspace opened read-only reads, and a write there says to free space, never to delete it")
    func readOnly() throws {
        let tiny = try Self.attributed()
        let readOnly = try Workspace.open(directory: tiny.workspace.directory, create: false, readOnly: true)
        let session = try WorkspaceSession(workspace: readOnly)
        #expect(session.dataset.examples.count == 90)
        #expect {
            try readOnly.write { db in try db.execute(sql: "DELETE FROM state") }
        } throws: { error in
            guard let error = error as? WorkspaceError else { return false }
            return error.nextStep == .freeDiskSpace(tiny.workspace.directory) && !error.message.lowercased().contains("delete")
        }
    }
}
