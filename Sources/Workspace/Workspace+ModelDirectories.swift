import Foundation

extension Workspace {
    /// The folder of the model with this fingerprint, under `models/`.
    package func modelDirectory(fingerprint: String) -> String {
        (modelsDirectory as NSString).appendingPathComponent(fingerprint)
    }

    /// Writes the folder of the model `fingerprint`: `fill` writes the files into a temporary
    /// folder next to it, which then replaces any folder of that name. Nothing is left behind
    /// when a step fails; the error names `contents` (e.g. "the model checkpoint").
    /// - Returns: the model's folder.
    package func writeModelDirectory(fingerprint: String, contents: String,
                                     _ fill: (String) throws -> Void) throws(WorkspaceError) -> String {
        let manager = FileManager.default
        let finalDirectory = modelDirectory(fingerprint: fingerprint)
        let temporaryDirectory = (modelsDirectory as NSString).appendingPathComponent(".partial-\(fingerprint)-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
            try fill(temporaryDirectory)
            if manager.fileExists(atPath: finalDirectory) { try manager.removeItem(atPath: finalDirectory) }
            try manager.moveItem(atPath: temporaryDirectory, toPath: finalDirectory)
        } catch {
            try? manager.removeItem(atPath: temporaryDirectory)
            throw WorkspaceError("Cannot write \(contents) under \(modelsDirectory): \(error)")
        }
        return finalDirectory
    }
}
