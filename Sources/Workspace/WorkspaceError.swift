import Diagnostics

/// Bad input or state met while reading or writing a workspace.
public enum WorkspaceStage: PipelineStage {}

/// Bad input or state met while reading or writing a workspace.
public typealias WorkspaceError = InputError<WorkspaceStage>
