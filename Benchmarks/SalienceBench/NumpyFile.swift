import Foundation
import LinearAlgebra

/// Reads little-endian, C-ordered `.npy` arrays (format versions 1–3) written by numpy.
enum NumpyFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Element type code (`<f4`, `<i4`, `<i8`), shape and raw element bytes of one file.
    struct Contents {
        var descriptor: String
        var shape: [Int]
        var payload: Data
    }

    static func read(_ url: URL) throws -> Contents {
        let bytes = try Data(contentsOf: url, options: .alwaysMapped)  // page-cache pages, no zero-filled copy
        guard bytes.count > 10, bytes.prefix(6) == Data([0x93]) + Data("NUMPY".utf8) else {
            throw Failure(description: "\(url.path) is not a .npy file; rerun `bench_kmeans.py generate`.")
        }
        let start = bytes.startIndex
        let lengthSize = bytes[start + 6] == 1 ? 2 : 4
        var headerLength = 0
        for index in 0..<lengthSize { headerLength |= Int(bytes[start + 8 + index]) << (8 * index) }
        let headerStart = 8 + lengthSize
        let header = String(decoding: bytes[(start + headerStart)..<(start + headerStart + headerLength)], as: UTF8.self)
        guard header.contains("'fortran_order': False"),
              let descriptorRange = header.range(of: "'descr': '"),
              let shapeOpen = header.range(of: "'shape': (") else {
            throw Failure(description: "\(url.path) has an unsupported .npy header \(header); write it C-ordered with numpy.save.")
        }
        let descriptor = String(header[descriptorRange.upperBound...].prefix { $0 != "'" })
        let shapeText = header[shapeOpen.upperBound...].prefix { $0 != ")" }
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return Contents(descriptor: descriptor, shape: shape, payload: bytes.suffix(from: start + headerStart + headerLength))
    }

    static func floats(_ url: URL) throws -> (values: [Float], shape: [Int]) {
        let contents = try read(url)
        guard contents.descriptor == "<f4" else {
            throw Failure(description: "\(url.path) holds \(contents.descriptor); expected float32 (<f4).")
        }
        return (decode(contents.payload, as: Float.self), contents.shape)
    }

    static func integers(_ url: URL) throws -> [Int] {
        let contents = try read(url)
        switch contents.descriptor {
        case "<i4": return decode(contents.payload, as: Int32.self).map(Int.init)
        case "<i8": return decode(contents.payload, as: Int64.self).map(Int.init)
        default: throw Failure(description: "\(url.path) holds \(contents.descriptor); expected int32 or int64.")
        }
    }

    /// Copies raw elements out of `payload` without assuming alignment.
    private static func decode<Element>(_ payload: Data, as type: Element.Type) -> [Element] {
        let count = payload.count / MemoryLayout<Element>.stride
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = payload.copyBytes(to: buffer) / MemoryLayout<Element>.stride
        }
    }
}
