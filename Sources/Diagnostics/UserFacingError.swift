/// A failure caused by what the user gave or did (a file, a value, a missing step), not by a bug.
///
/// `message` says what is wrong in one sentence that names the file, line, column, id or value,
/// in the library's own words: it never names a command-line flag or command. `nextStep`, when
/// there is one, names the step that fixes it; a front end (the `salience` program) phrases it
/// as the command to run.
public protocol UserFacingError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, as one sentence.
    var message: String { get }
    /// The step that fixes it, when one is known.
    var nextStep: NextStep? { get }
}

extension UserFacingError {
    /// The sentence.
    public var description: String { message }
}

/// A step that fixes a `UserFacingError`, for the front end to phrase as a command.
public enum NextStep: Sendable, Equatable {
    /// Train (or adopt) a model: the workspace has none yet.
    case trainModel
    /// Train the model again: what is stored for it is missing or damaged.
    case retrainModel
    /// Fetch a bundled resource by name (`rotten-tomatoes`, `minilm`).
    case fetchResource(String)
    /// Fine-tune the checkpoint in this folder before using it as a classifier.
    case fineTuneCheckpoint(String)
    /// Give another value to a named parameter (`k`, `split`, `filter`, `perplexity`, …);
    /// `advice` says which, e.g. "at most 7".
    case chooseValue(parameter: String, advice: String)
    /// Check the workspace in this folder: it is damaged (the check says what can still be read).
    case checkWorkspace(String)
    /// Free space on the disk that holds this folder, then run the same command again.
    case freeDiskSpace(String)
}

/// Marks the pipeline stage an `InputError` comes from, so every stage keeps an error type of its own.
public protocol PipelineStage: Sendable {}

/// The one shape of every stage's user-facing error: a sentence and an optional next step.
///
/// Each stage names its own, e.g. `public typealias DataError = InputError<DataStage>`, so a
/// function's typed `throws` still says where a failure can come from.
public struct InputError<Stage: PipelineStage>: UserFacingError, Equatable {
    /// The sentence shown to the user.
    public let message: String
    /// The step that fixes it, when one is known.
    public let nextStep: NextStep?

    /// An error with its sentence and, optionally, the step that fixes it.
    public init(_ message: String, nextStep: NextStep? = nil) {
        self.message = message
        self.nextStep = nextStep
    }
}
