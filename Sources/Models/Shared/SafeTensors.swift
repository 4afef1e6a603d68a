import Foundation

/// Reader and writer of the safetensors format (Hugging Face).
///
/// Layout: an 8-byte little-endian unsigned header length `N`; `N` bytes of UTF-8 JSON mapping
/// each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (byte offsets into the
/// data section that follows the header) plus an optional `"__metadata__"` object of string
/// values; then the data section, row-major and little-endian. Values are read into `Float`
/// from F32, F16, BF16, F64 and the integer and boolean types; files are written as F32.
public enum SafeTensors {
    /// A dense row-major tensor of `Float` values.
    public struct Tensor: Sendable, Equatable {
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// `shape.reduce(1, *)` values, row-major.
        public var values: [Float]

        /// A tensor; `values.count` must equal the product of `shape`.
        public init(shape: [Int], values: [Float]) {
            precondition(values.count == shape.reduce(1, *), "Tensor of shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
            self.shape = shape
            self.values = values
        }
    }

    /// One tensor's entry in a file's header.
    public struct Entry: Sendable, Equatable {
        /// Element type as spelled in the file (`F32`, `F16`, `BF16`, `I64`, …).
        public var dtype: String
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// Byte range of the data, relative to the start of the data section.
        public var dataOffsets: Range<Int>
    }

    /// The parsed, validated header of a file.
    public struct Header: Sendable, Equatable {
        /// Every tensor entry by name.
        public var entries: [String: Entry]
        /// The `__metadata__` strings (empty when absent).
        public var metadata: [String: String]
        /// Absolute file offset of the data section, `8 + N`.
        public var dataStart: Int
    }

    /// Bytes per element of every dtype this reader understands.
    static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
    ]

    /// The largest header accepted, 100 MB (the reference implementation's limit).
    static let maximumHeaderSize = 100_000_000

    /// Reads and validates the header of the file at `path`.
    public static func readHeader(path: String) throws(ModelError) -> Header {
        let file = try ReadOnlyFile(path: path)
        return try readHeader(file: file, path: path)
    }

    /// Reads the tensors named in `names` (every tensor when nil), converted to `Float`.
    ///
    /// Throws a `ModelError` naming the file, and the tensor where one is at fault, when the file
    /// is missing, truncated, has a malformed header, a shape that disagrees with its byte range,
    /// an unsupported dtype, or lacks a requested tensor.
    public static func read(path: String, names: [String]? = nil) throws(ModelError) -> [String: Tensor] {
        let file = try ReadOnlyFile(path: path)
        let header = try readHeader(file: file, path: path)
        let wanted = names ?? header.entries.keys.sorted()
        var result: [String: Tensor] = [:]
        for name in wanted {
            guard let entry = header.entries[name] else {
                let known = header.entries.keys.sorted()
                let sample = known.prefix(5).joined(separator: ", ")
                throw ModelError("\(path) has no tensor '\(name)' (it holds \(known.count) tensors\(known.isEmpty ? "" : ", e.g. \(sample)"))."
                    + " Check that the checkpoint belongs to this model.")
            }
            let bytes = try file.read(at: header.dataStart + entry.dataOffsets.lowerBound, count: entry.dataOffsets.count)
            guard bytes.count == entry.dataOffsets.count else {
                throw ModelError("\(path) is truncated: tensor '\(name)' needs \(entry.dataOffsets.count) bytes but only \(bytes.count) remain."
                    + " Download or save the file again.")
            }
            result[name] = Tensor(shape: entry.shape, values: convert(bytes, dtype: entry.dtype))
        }
        return result
    }

    /// Writes `tensors` as F32 (in name order) with `metadata` to `path`, atomically: a temporary
    /// file in the same directory is renamed over `path` once complete.
    public static func write(_ tensors: [String: Tensor], to path: String, metadata: [String: String] = [:]) throws(ModelError) {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            precondition(name != "__metadata__", "A tensor cannot be named __metadata__")
            let tensor = tensors[name]!
            let end = offset + tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, end]] as [String: Any]
            offset = end
        }
        var json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        } catch {
            throw ModelError("Cannot encode the safetensors header for \(path): \(error.localizedDescription).")
        }
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        for name in names {
            #if _endian(little)
            tensors[name]!.values.withUnsafeBytes { file.append(contentsOf: $0) }
            #else
            for value in tensors[name]!.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) } }
            #endif
        }
        do {
            try file.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelError("Cannot write \(path): \(error.localizedDescription). Check that the directory exists and is writable.")
        }
    }

    private static func readHeader(file: ReadOnlyFile, path: String) throws(ModelError) -> Header {
        let fileSize = file.size
        let lengthBytes = try file.read(at: 0, count: 8)
        guard lengthBytes.count == 8 else {
            throw ModelError("\(path) is not a safetensors file: it holds \(fileSize) bytes, fewer than the 8-byte header length."
                + " The file is truncated; download or save it again.")
        }
        let headerLength = lengthBytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(min(fileSize - 8, maximumHeaderSize)) else {
            throw ModelError("\(path) is truncated or not a safetensors file: its header claims \(headerLength) bytes"
                + " but \(fileSize - 8) bytes follow the length field.")
        }
        let headerBytes = try file.read(at: 8, count: Int(headerLength))
        let dataStart = 8 + Int(headerLength)
        let dataSize = fileSize - dataStart
        guard headerBytes.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(headerBytes)), let dictionary = object as? [String: Any] else {
            throw ModelError("\(path) has a malformed safetensors header: the \(headerLength) bytes after the length field are not a JSON object.")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in dictionary {
            if name == "__metadata__" {
                guard let strings = value as? [String: Any] else {
                    throw ModelError("\(path) has a malformed safetensors header: __metadata__ is not an object of strings.")
                }
                for (key, item) in strings {
                    guard let text = item as? String else {
                        throw ModelError("\(path) has a malformed safetensors header: __metadata__ value '\(key)' is not a string.")
                    }
                    metadata[key] = text
                }
                continue
            }
            entries[name] = try parseEntry(name: name, value: value, path: path, dataSize: dataSize)
        }
        // Tensors must not share bytes.
        let ordered = entries.sorted { $0.value.dataOffsets.lowerBound < $1.value.dataOffsets.lowerBound }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.value.dataOffsets.lowerBound < previous.value.dataOffsets.upperBound {
            throw ModelError("\(path) is corrupt: tensors '\(previous.key)' and '\(next.key)' overlap in the data section.")
        }
        return Header(entries: entries, metadata: metadata, dataStart: dataStart)
    }

    private static func parseEntry(name: String, value: Any, path: String, dataSize: Int) throws(ModelError) -> Entry {
        guard let fields = value as? [String: Any] else {
            throw ModelError("\(path) has a malformed safetensors header: the entry of tensor '\(name)' is not an object.")
        }
        guard let dtype = fields["dtype"] as? String else {
            throw ModelError("\(path): tensor '\(name)' has no dtype string in the header.")
        }
        guard let elementSize = elementSizes[dtype] else {
            throw ModelError("\(path): tensor '\(name)' has dtype \(dtype), which this reader does not support"
                + " (supported: \(elementSizes.keys.sorted().joined(separator: ", "))).")
        }
        guard let shapeValues = fields["shape"] as? [Any], let shape = integers(shapeValues), shape.allSatisfy({ $0 >= 0 }) else {
            throw ModelError("\(path): tensor '\(name)' has no valid shape (a list of non-negative integers) in the header.")
        }
        guard let offsetValues = fields["data_offsets"] as? [Any], let offsets = integers(offsetValues), offsets.count == 2,
              offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw ModelError("\(path): tensor '\(name)' has no valid data_offsets (two increasing non-negative integers) in the header.")
        }
        let (elementCount, overflow) = shape.reduce((1, false)) { partial, dimension in
            let product = partial.0.multipliedReportingOverflow(by: dimension)
            return (product.partialValue, partial.1 || product.overflow)
        }
        guard !overflow, elementCount.multipliedReportingOverflow(by: elementSize).overflow == false,
              elementCount * elementSize == offsets[1] - offsets[0] else {
            throw ModelError("\(path): tensor '\(name)' has shape \(shape) of \(dtype) (\(overflow ? "too many" : String(elementCount * elementSize)) bytes)"
                + " but its data_offsets span \(offsets[1] - offsets[0]) bytes. The file is corrupt.")
        }
        guard offsets[1] <= dataSize else {
            throw ModelError("\(path) is truncated: tensor '\(name)' ends at byte \(offsets[1]) of the data section,"
                + " which holds only \(dataSize) bytes. Download or save the file again.")
        }
        return Entry(dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    private static func integers(_ values: [Any]) -> [Int]? {
        var result: [Int] = []
        for value in values {
            guard let number = value as? NSNumber, let integer = Int(exactly: number.doubleValue) else { return nil }
            result.append(integer)
        }
        return result
    }

    /// Little-endian `bytes` of `dtype` as `Float` values.
    static func convert(_ bytes: [UInt8], dtype: String) -> [Float] {
        let count = bytes.count / elementSizes[dtype]!
        return bytes.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { storage, initialized in
                let buffer = storage.baseAddress!
                switch dtype {
                case "F32":
                    for index in 0..<count {
                        buffer[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                    }
                case "F64":
                    for index in 0..<count {
                        buffer[index] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))))
                    }
                case "F16":
                    for index in 0..<count {
                        buffer[index] = halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)))
                    }
                case "BF16":
                    for index in 0..<count {
                        let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))
                        buffer[index] = Float(bitPattern: UInt32(bits) << 16)
                    }
                case "I64":
                    for index in 0..<count {
                        buffer[index] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)))
                    }
                case "I32":
                    for index in 0..<count {
                        buffer[index] = Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
                    }
                case "I16":
                    for index in 0..<count {
                        buffer[index] = Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)))
                    }
                case "I8":
                    for index in 0..<count { buffer[index] = Float(raw.load(fromByteOffset: index, as: Int8.self)) }
                default: // U8, BOOL
                    for index in 0..<count { buffer[index] = Float(raw[index]) }
                }
                initialized = count
            }
        }
    }

    /// IEEE 754 binary16 bits to `Float`, subnormals, infinities and NaN included.
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
