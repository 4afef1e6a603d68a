import Diagnostics

/// Bad input data: a file, line, column or value that cannot be read as asked.
public enum DataStage: PipelineStage {}

/// Bad input data: a file, line, column or value that cannot be read as asked.
public typealias DataError = InputError<DataStage>
