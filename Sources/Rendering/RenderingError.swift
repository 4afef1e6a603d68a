import Diagnostics

/// Bad rendering input, such as an unreadable font file.
public enum RenderingStage: PipelineStage {}

/// Bad rendering input, such as an unreadable font file.
public typealias RenderingError = InputError<RenderingStage>
