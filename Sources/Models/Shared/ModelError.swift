import Diagnostics

/// A model file that cannot be read, written or validated, naming the file and the tensor or key.
public enum ModelStage: PipelineStage {}

/// A model file that cannot be read, written or validated, naming the file and the tensor or key.
public typealias ModelError = InputError<ModelStage>
