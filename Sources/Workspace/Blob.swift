import Foundation

/// Packing of numeric arrays into SQLite blobs (little-endian, no header).
package enum Blob {
    /// The bytes of `values` as stored in memory (little-endian on every supported platform).
    package static func data<Element: BitwiseCopyable>(_ values: [Element]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }

    /// The array packed by `data(_:)`; a length that is not a whole number of elements is a programmer error.
    package static func array<Element: BitwiseCopyable>(_ data: Data, of type: Element.Type) -> [Element] {
        let stride = MemoryLayout<Element>.stride
        precondition(data.count % stride == 0, "Blob of \(data.count) bytes is not a whole number of \(Element.self)")
        let count = data.count / stride
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                _ = raw.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
            }
            initialized = count
        }
    }
}

extension Blob {
    /// The array packed by `data(_:)`, read from a database that may be damaged: a length that is
    /// not a whole number of elements throws instead of stopping the program.
    /// - Complexity: O(data.count).
    package static func decodedArray<Element: BitwiseCopyable>(_ data: Data, of type: Element.Type) throws(WorkspaceError) -> [Element] {
        guard data.count % MemoryLayout<Element>.stride == 0 else {
            throw WorkspaceError("A stored array of \(data.count) bytes is not a whole number of \(Element.self) values.")
        }
        return array(data, of: type)
    }
}
