import Foundation
import Testing
@testable import Models

/// A fresh empty directory under the system temporary directory.
func temporaryDirectory(_ name: String) -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("salience-models-tests-\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The bytes of a safetensors file with the given JSON header and data section.
func safetensorsBytes(header: String, data: [UInt8]) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(contentsOf: data)
    return bytes
}

@Suite("Safetensors")
struct SafeTensorsTests {
    @Test("write then read returns the same tensors and metadata, with an 8-byte aligned data section")
    func roundTrip() throws {
        let path = (temporaryDirectory("roundtrip") as NSString).appendingPathComponent("t.safetensors")
        let tensors = ["b.weight": SafeTensors.Tensor(shape: [2, 3], values: [1, -2, 3.5, 0, .pi, -1e-20]),
                       "a": SafeTensors.Tensor(shape: [1], values: [42]),
                       "empty": SafeTensors.Tensor(shape: [0, 4], values: [])]
        try SafeTensors.write(tensors, to: path, metadata: ["format": "pt", "note": "x\"y"])
        #expect(try SafeTensors.read(path: path) == tensors)
        let header = try SafeTensors.readHeader(path: path)
        #expect(header.metadata == ["format": "pt", "note": "x\"y"])
        #expect(header.dataStart % 8 == 0)
        #expect(header.entries["a"]?.dataOffsets == 0..<4)
        #expect(try SafeTensors.read(path: path, names: ["a"]).keys.sorted() == ["a"])
    }

    @Test("F16, BF16, F64 and I64 tensors are converted to Float")
    func otherDtypes() throws {
        // F16: 1.0 = 0x3C00, -2.5 = 0xC100, smallest subnormal 0x0001 = 2^-24; BF16: 1.0 = 0x3F80, -0.5 = 0xBF00.
        let header = #"{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]},"#
            + #""d":{"dtype":"F64","shape":[1],"data_offsets":[10,18]},"i":{"dtype":"I64","shape":[1],"data_offsets":[18,26]}}"#
        var data: [UInt8] = [0x00, 0x3C, 0x00, 0xC1, 0x01, 0x00, 0x80, 0x3F, 0x00, 0xBF]
        withUnsafeBytes(of: (0.25 as Double).bitPattern.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(-7).littleEndian) { data.append(contentsOf: $0) }
        let path = (temporaryDirectory("dtypes") as NSString).appendingPathComponent("t.safetensors")
        try safetensorsBytes(header: header, data: data).write(to: URL(fileURLWithPath: path))
        let tensors = try SafeTensors.read(path: path)
        #expect(tensors["h"]?.values == [1, -2.5, 0x1p-24])
        #expect(tensors["b"]?.values == [1, -0.5])
        #expect(tensors["d"]?.values == [0.25])
        #expect(tensors["i"]?.values == [-7])
        #expect(SafeTensors.halfToFloat(0x7BFF) == 65504)
        #expect(SafeTensors.halfToFloat(0xFC00) == -.infinity)
    }

    @Test("corrupt files give errors that name the file and the tensor")
    func corruptFiles() throws {
        let directory = temporaryDirectory("corrupt")
        func failure(_ bytes: Data, names: [String]? = nil) -> String {
            let path = (directory as NSString).appendingPathComponent("bad.safetensors")
            try? bytes.write(to: URL(fileURLWithPath: path))
            do {
                _ = try SafeTensors.read(path: path, names: names)
                return "no error"
            } catch {
                #expect(error.message.contains(path))
                return error.message
            }
        }
        let good = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        #expect(failure(Data([1, 2, 3])).contains("fewer than the 8-byte header length"))
        #expect(failure(safetensorsBytes(header: good, data: [0, 0, 0, 0])).contains("'w'"))
        #expect(failure(safetensorsBytes(header: good, data: [0, 0, 0, 0])).contains("truncated"))
        #expect(failure(safetensorsBytes(header: "{not json", data: [])).contains("malformed"))
        #expect(failure(Data(safetensorsBytes(header: good, data: []).prefix(20))).contains("header claims"))
        let mismatch = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        #expect(failure(safetensorsBytes(header: mismatch, data: Array(repeating: 0, count: 8))).contains("tensor 'w' has shape [3]"))
        let unknown = #"{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#
        #expect(failure(safetensorsBytes(header: unknown, data: Array(repeating: 0, count: 8))).contains("dtype Q4"))
        #expect(failure(safetensorsBytes(header: good, data: Array(repeating: 0, count: 8)), names: ["v"]).contains("no tensor 'v'"))
        let overlap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(failure(safetensorsBytes(header: overlap, data: Array(repeating: 0, count: 8))).contains("overlap"))
        do {
            _ = try SafeTensors.read(path: (directory as NSString).appendingPathComponent("missing.safetensors"))
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(error.message.contains("missing.safetensors"))
        }
    }
}
