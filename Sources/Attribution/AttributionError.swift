import Diagnostics

/// A salience method that cannot be chosen or run as asked, naming the value at fault.
public enum AttributionStage: PipelineStage {}

/// A salience method that cannot be chosen or run as asked, naming the value at fault.
public typealias AttributionError = InputError<AttributionStage>
