/// Bad input to a sensitivity experiment, as one sentence naming the file, line or flag and what to do.
public struct SensitivityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sentence shown to the user.
    public var message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
