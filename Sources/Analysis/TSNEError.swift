import Diagnostics

/// Bad input to t-SNE: too few examples, a perplexity too large for them, non-finite values.
public enum TSNEStage: PipelineStage {}

/// Bad input to t-SNE: too few examples, a perplexity too large for them, non-finite values.
public typealias TSNEError = InputError<TSNEStage>
