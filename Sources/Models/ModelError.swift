/// A failure to read, write or validate a model file, with a sentence that names the file
/// (and the tensor or key) and says what to do.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    /// The full sentence shown to the user.
    public let message: String

    /// An error with the given sentence.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
