/// Bad input or state met while reading or writing a workspace, as one sentence that says
/// what is wrong and what to do.
public struct WorkspaceError: Error, CustomStringConvertible, Equatable {
    /// The sentence shown to the user.
    public let message: String

    /// An error with its user-facing sentence.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
