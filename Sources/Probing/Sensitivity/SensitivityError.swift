import Diagnostics

/// Bad input to a sensitivity experiment, naming the file, line or term.
public enum SensitivityStage: PipelineStage {}

/// Bad input to a sensitivity experiment, naming the file, line or term.
public typealias SensitivityError = InputError<SensitivityStage>
