import Foundation
import LinearAlgebra

/// Reads the little-endian, C-ordered `.npy` fixtures written by scripts/kmeans_reference.py.
enum NumpyFixture {
    struct Array {
        var descriptor: String
        var shape: [Int]
        var payload: Data
    }

    /// The fixture file `name` from the test bundle's Fixtures folder.
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func load(_ name: String) throws -> Array {
        let bytes = try Data(contentsOf: url(name))
        precondition(bytes.count > 10 && bytes.prefix(6) == Data([0x93]) + Data("NUMPY".utf8), "\(name) is not a .npy file")
        let major = bytes[bytes.startIndex + 6]
        let headerLengthSize = major == 1 ? 2 : 4
        var headerLength = 0
        for index in 0..<headerLengthSize { headerLength |= Int(bytes[bytes.startIndex + 8 + index]) << (8 * index) }
        let headerStart = 8 + headerLengthSize
        let header = String(decoding: bytes[(bytes.startIndex + headerStart)..<(bytes.startIndex + headerStart + headerLength)], as: UTF8.self)
        precondition(header.contains("'fortran_order': False"), "\(name) must be C-ordered")
        let descriptor = field("descr", in: header).trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        let shapeText = field("shape", in: header).trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return Array(descriptor: descriptor, shape: shape, payload: bytes.suffix(from: bytes.startIndex + headerStart + headerLength))
    }

    /// The raw value text of `key` in the header dictionary.
    private static func field(_ key: String, in header: String) -> String {
        let start = header.range(of: "'\(key)':")!.upperBound
        let rest = header[start...]
        if rest.trimmingCharacters(in: .whitespaces).hasPrefix("(") {
            let open = rest.firstIndex(of: "(")!, close = rest.firstIndex(of: ")")!
            return String(rest[open...close])
        }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }

    static func floats(_ name: String) throws -> (values: [Float], shape: [Int]) {
        let array = try load(name)
        precondition(array.descriptor == "<f4", "\(name) holds \(array.descriptor), expected <f4")
        return (decode(array.payload, as: Float.self), array.shape)
    }

    static func int32s(_ name: String) throws -> [Int32] {
        let array = try load(name)
        precondition(array.descriptor == "<i4", "\(name) holds \(array.descriptor), expected <i4")
        return decode(array.payload, as: Int32.self)
    }

    /// Copies raw little-endian elements out of `payload` (no alignment assumption).
    private static func decode<Element>(_ payload: Data, as type: Element.Type) -> [Element] {
        let count = payload.count / MemoryLayout<Element>.stride
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = payload.copyBytes(to: buffer) / MemoryLayout<Element>.stride
        }
    }

    /// The sparse fixture as CSR.
    static func sparse(columnCount: Int) throws -> SparseMatrix {
        let offsets = try int32s("sparse_indptr.npy").map(Int.init)
        return SparseMatrix(rowCount: offsets.count - 1, columnCount: columnCount, rowOffsets: offsets,
                            columnIndices: try int32s("sparse_indices.npy"), values: try floats("sparse_data.npy").values)
    }

    /// The dense fixture.
    static func dense() throws -> Matrix {
        let (values, shape) = try floats("dense.npy")
        return Matrix(rowCount: shape[0], columnCount: shape[1], values: values)
    }
}

/// The scikit-learn reference values (Fixtures/kmeans_reference.json).
struct KMeansReference: Decodable {
    struct Entry: Decodable {
        struct Single: Decodable {
            var k: Int
            var inertia: Double
            var iterationCount: Int
            var labels: [Int]
        }
        var rows: Int
        var columns: Int
        var bestOfTenInertia: [String: Double]
        var fixedStart: Single
    }
    var sparse: Entry
    var dense: Entry

    static func load() throws -> KMeansReference {
        try JSONDecoder().decode(KMeansReference.self, from: Data(contentsOf: NumpyFixture.url("kmeans_reference.json")))
    }
}
