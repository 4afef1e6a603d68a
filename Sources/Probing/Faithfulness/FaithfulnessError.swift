import Diagnostics

/// Bad input to a faithfulness evaluation, naming the flag, method or line.
public enum FaithfulnessStage: PipelineStage {}

/// Bad input to a faithfulness evaluation, naming the flag, method or line.
public typealias FaithfulnessError = InputError<FaithfulnessStage>
