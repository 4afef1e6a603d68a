import Foundation

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

    /// An uncompressed zip archive whose members are `name.npy`, in the given order.
    public static func npz(_ members: [(name: String, array: Array)]) -> Data {
        var archive = Data()
        var central = Data()
        for (name, array) in members {
            let fileName = Data((name + ".npy").utf8)
            let content = npy(array)
            let checksum = CRC32.checksum(content)
            let offset = UInt32(archive.count)
            archive.append(littleEndian: UInt32(0x0403_4B50))
            archive.append(littleEndian: UInt16(20)); archive.append(littleEndian: UInt16(0)); archive.append(littleEndian: UInt16(0))
            archive.append(littleEndian: UInt16(0)); archive.append(littleEndian: UInt16(0x21))   // time, date (1980-01-01)
            archive.append(littleEndian: checksum)
            archive.append(littleEndian: UInt32(content.count)); archive.append(littleEndian: UInt32(content.count))
            archive.append(littleEndian: UInt16(fileName.count)); archive.append(littleEndian: UInt16(0))
            archive.append(fileName)
            archive.append(content)
            central.append(littleEndian: UInt32(0x0201_4B50))
            central.append(littleEndian: UInt16(20)); central.append(littleEndian: UInt16(20))
            central.append(littleEndian: UInt16(0)); central.append(littleEndian: UInt16(0))
            central.append(littleEndian: UInt16(0)); central.append(littleEndian: UInt16(0x21))
            central.append(littleEndian: checksum)
            central.append(littleEndian: UInt32(content.count)); central.append(littleEndian: UInt32(content.count))
            central.append(littleEndian: UInt16(fileName.count)); central.append(littleEndian: UInt16(0)); central.append(littleEndian: UInt16(0))
            central.append(littleEndian: UInt16(0)); central.append(littleEndian: UInt16(0)); central.append(littleEndian: UInt32(0))
            central.append(littleEndian: offset)
            central.append(fileName)
        }
        let centralOffset = UInt32(archive.count)
        archive.append(central)
        archive.append(littleEndian: UInt32(0x0605_4B50))
        archive.append(littleEndian: UInt16(0)); archive.append(littleEndian: UInt16(0))
        archive.append(littleEndian: UInt16(members.count)); archive.append(littleEndian: UInt16(members.count))
        archive.append(littleEndian: UInt32(central.count)); archive.append(littleEndian: centralOffset)
        archive.append(littleEndian: UInt16(0))
        return archive
    }
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zip archives need.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    /// The checksum of `data`.
    /// - Complexity: O(data.count).
    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
