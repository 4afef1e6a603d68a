import Foundation

/// Files a command writes (tables, JSON, pictures, exports), each written whole or not at all.
enum OutputFile {
    /// Writes `data` to `path` atomically; a failure names the path.
    static func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandError("Cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically; a failure names the path.
    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }
}
