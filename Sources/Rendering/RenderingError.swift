/// Bad rendering input (an unreadable font file): a one-sentence message naming the file and what to do.
public struct RenderingError: Error, CustomStringConvertible, Equatable {
    /// The sentence shown to the user.
    public let message: String

    /// An error with the given sentence.
    public init(_ message: String) { self.message = message }

    /// The sentence shown to the user.
    public var description: String { message }
}
