/// A user-facing failure in choosing or running a salience method, with a sentence that names
/// the flag or value at fault and what to do.
public struct AttributionError: Error, CustomStringConvertible, Equatable {
    /// The full sentence shown to the user.
    public let message: String

    /// An error with the given sentence.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
