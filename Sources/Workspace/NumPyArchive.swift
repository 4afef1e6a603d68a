import Foundation
import ZIPFoundation

/// Writers for NumPy's `.npy` arrays and `.npz` archives (an uncompressed zip of `.npy` members),
/// readable by `numpy.load` and, for the CSR layout, `scipy.sparse.load_npz`.
public enum NumPyArchive {
    /// One array to store: its dtype descriptor (`<f4`, `<i4`, `<i8`, `<U12`, `|S3`), shape and raw bytes.
    public struct Array: Sendable {
        public var descriptor: String
        public var shape: [Int]
        public var bytes: Data

        /// A float32 array.
        public static func float32(_ values: [Float], shape: [Int]) -> Array {
            Array(descriptor: "<f4", shape: shape, bytes: values.withUnsafeBytes { Data($0) })
        }

        /// An int32 array.
        public static func int32(_ values: [Int32], shape: [Int]) -> Array {
            Array(descriptor: "<i4", shape: shape, bytes: values.withUnsafeBytes { Data($0) })
        }

        /// An int64 array.
        public static func int64(_ values: [Int], shape: [Int]) -> Array {
            let converted = values.map { Int64($0).littleEndian }
            return Array(descriptor: "<i8", shape: shape, bytes: converted.withUnsafeBytes { Data($0) })
        }

        /// A one-dimensional array of Unicode strings (fixed width, UTF-32).
        public static func strings(_ values: [String]) -> Array {
            let width = max(1, values.map { $0.unicodeScalars.count }.max() ?? 1)
            var scalars: [UInt32] = []
            scalars.reserveCapacity(width * values.count)
            for value in values {
                let codes = value.unicodeScalars.map { $0.value.littleEndian }
                scalars += codes + [UInt32](repeating: 0, count: width - codes.count)
            }
            return Array(descriptor: "<U\(width)", shape: [values.count], bytes: scalars.withUnsafeBytes { Data($0) })
        }

        /// A zero-dimensional byte string (SciPy stores the sparse format name this way).
        public static func byteString(_ value: String) -> Array {
            Array(descriptor: "|S\(value.utf8.count)", shape: [], bytes: Data(value.utf8))
        }
    }

    /// The `.npy` encoding of one array (format version 1.0).
    public static func npy(_ array: Array) -> Data {
        let shapeText: String
        switch array.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(array.shape[0]),)"
        default: shapeText = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(array.descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Magic (6) + version (2) + length (2) + header + newline must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Swift.Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: header.utf8)
        data.append(array.bytes)
        return data
    }

    /// An uncompressed zip archive whose members are `name.npy`, in the given order, written by
    /// ZIPFoundation with a fixed timestamp so that equal arrays give equal bytes.
    /// - Complexity: O(total bytes of the members).
    public static func npz(_ members: [(name: String, array: Array)]) -> Data {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (name, array) in members {
                let content = npy(array)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(content.count),
                                     modificationDate: fixedModificationDate, compressionMethod: .none) { position, size in
                    content.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let data = archive.data else { preconditionFailure("An in-memory zip archive has no data") }
            return data
        } catch {
            // Only memory is written, so a failure here is a broken invariant, not bad input.
            preconditionFailure("Writing an in-memory zip archive failed: \(error)")
        }
    }

    /// 2000-01-01 00:00 UTC: every member's timestamp (zip stores local DOS time from 1980 on).
    private static let fixedModificationDate = Date(timeIntervalSince1970: 946_684_800)
}
