import Diagnostics

extension InputError where Stage == WorkspaceStage {
    /// The one sentence for a damaged workspace: what cannot be read, and to restore a copy or check it.
    package static func damaged(_ directory: String, _ detail: String) -> WorkspaceError {
        WorkspaceError("The workspace \(directory) is damaged (\(detail)); restore it from a copy.", nextStep: .checkWorkspace(directory))
    }
}
