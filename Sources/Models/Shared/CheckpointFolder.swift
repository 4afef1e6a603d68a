import Foundation

/// File operations on a saved checkpoint folder.
public enum CheckpointFolder {
    /// Copies the files of `source` (every one, or those named in `only`) into `target` (which must
    /// exist), in name order; returns the names copied.
    public static func copyFiles(from source: String, to target: String, only: Set<String>? = nil) throws(ModelError) -> [String] {
        let manager = FileManager.default
        do {
            var copied: [String] = []
            for name in try manager.contentsOfDirectory(atPath: source).sorted() where only?.contains(name) ?? true {
                try manager.copyItem(atPath: (source as NSString).appendingPathComponent(name),
                                     toPath: (target as NSString).appendingPathComponent(name))
                copied.append(name)
            }
            return copied
        } catch {
            throw ModelError("Cannot copy the checkpoint \(source) to \(target): \(error.localizedDescription).")
        }
    }
}
