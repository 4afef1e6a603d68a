#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for positioned reads with POSIX `pread` (corelibs Foundation's `FileHandle`
/// trips its own exclusivity checks on large reads); closed when released.
final class ReadOnlyFile {
    private let descriptor: Int32
    /// The file's path, for messages.
    let path: String
    /// Size in bytes.
    let size: Int

    /// Opens `path`, or throws a `ModelError` naming it.
    init(path: String) throws(ModelError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ModelError("Cannot open \(path): \(String(cString: strerror(errno))). Check the path (or fetch the model again).")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw ModelError("Cannot read \(path): it is not a regular file.")
        }
        self.descriptor = descriptor
        self.path = path
        self.size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes from byte `offset`; fewer only at the end of the file.
    func read(at offset: Int, count: Int) throws(ModelError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            let base = storage.baseAddress!
            var done = 0
            while done < count {
                let result = pread(descriptor, base + done, count - done, off_t(offset + done))
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if result == 0 { break }
                done += result
            }
            initialized = done
        }
        if failure != 0 { throw ModelError("Cannot read \(path): \(String(cString: strerror(failure))).") }
        return bytes
    }
}
