import Foundation

/// Whole-file writes that never leave a partial file behind: the bytes go to a temporary file
/// in the destination's directory, which is then renamed over the destination.
enum AtomicFile {
    /// Writes `data` to `path` atomically, creating the parent directory if needed.
    static func write(_ data: Data, to path: String) throws(DataError) {
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DataError("Cannot write \(path) (\(error.localizedDescription)); check that its directory is writable.")
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw DataError("Cannot write \(path) (\(reason)); check that its directory is writable.")
        }
    }
}
