import GRDB

extension Workspace {
    /// Replaces the database of `other` by a copy of this one (SQLite's online backup, consistent
    /// even while this workspace is read).
    /// - Complexity: O(database bytes).
    package func backup(to other: Workspace) throws(WorkspaceError) {
        do {
            try database.backup(to: other.database)
        } catch {
            throw WorkspaceError("Copying the workspace \(directory) to \(other.directory) failed: \(error); choose another folder.",
                                 nextStep: .chooseValue(parameter: "workspace", advice: "another folder"))
        }
    }
}
