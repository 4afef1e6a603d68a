import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import Workspace

/// The salience-vocabulary rows of every example of one salience run, cached in a binary file of
/// the workspace (`cache/neighbors-<slot>.bin`) so that `neighbors` answers later queries
/// without opening the session (docs/METHOD.md, "Neighbours at a million maps").
///
/// Layout, little-endian, every section starting on an 8-byte boundary: a 128-byte header
/// (magic `SALNIDX1`, format version, key, row / column / non-zero / class / id-byte counts,
/// checksum of everything after the header), then row offsets `Int64[rows + 1]`, column
/// indices `Int32[nnz]`, values `Float[nnz]`, gold class indices `Int32[rows]`, predicted class
/// indices `Int32[rows]`, splits `UInt8[rows]` (0 train, 1 dev, 2 test), id offsets
/// `Int64[rows + 1]` and the ids' UTF-8 bytes. Rows are dataset positions.
///
/// The file is written to a temporary name and renamed into place, so a reader sees a whole
/// file or none. A reader memory-maps it and accepts it only when the size, magic, version,
/// key (a digest of the dataset, model, run, representation options and the run's stored
/// maps), checksum and offsets all hold; anything else is a miss, never wrong neighbours.
public final class NeighborIndex: @unchecked Sendable {
    /// `SALNIDX1` read as a little-endian word.
    static let magic: UInt64 = 0x3158_4449_4E4C_4153
    /// Bumped whenever the layout or the meaning of a field changes.
    static let formatVersion: UInt64 = 1
    /// Header size in bytes (16 words, the unused ones zero).
    static let headerByteCount = 128

    /// The counts that fix a file's layout.
    struct Counts: Equatable {
        var rowCount: Int
        var columnCount: Int
        var nonZeroCount: Int
        var classCount: Int
        var idByteCount: Int
    }

    /// Byte offsets of the sections of a file with `counts`.
    struct Layout {
        var rowOffsets = 0, columnIndices = 0, values = 0, labels = 0, predictions = 0, splits = 0, idOffsets = 0, idBytes = 0
        /// Total file size.
        var byteCount = 0

        init(_ counts: Counts) {
            var cursor = NeighborIndex.headerByteCount
            func take(_ bytes: Int) -> Int {
                let start = cursor
                cursor += (bytes + 7) / 8 * 8
                return start
            }
            rowOffsets = take(8 * (counts.rowCount + 1))
            columnIndices = take(4 * counts.nonZeroCount)
            values = take(4 * counts.nonZeroCount)
            labels = take(4 * counts.rowCount)
            predictions = take(4 * counts.rowCount)
            splits = take(counts.rowCount)
            idOffsets = take(8 * (counts.rowCount + 1))
            idBytes = take(counts.idByteCount)
            byteCount = cursor
        }
    }

    /// Why a file was not used.
    public enum Miss: Error, Equatable, Sendable {
        /// No file at the path.
        case missing
        /// A sound file built from other maps or options (the maps changed since).
        case stale
        /// A file that fails a size, format, checksum or offset check, with the reason as a phrase.
        case damaged(String)
    }

    /// The mapped file.
    private let base: UnsafeRawPointer
    private let byteCount: Int
    let counts: Counts
    let layout: Layout
    /// The key the file was built for.
    public let key: UInt64

    private init(base: UnsafeRawPointer, byteCount: Int, counts: Counts, key: UInt64) {
        self.base = base
        self.byteCount = byteCount
        self.counts = counts
        self.layout = Layout(counts)
        self.key = key
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), byteCount) }

    /// Number of rows (dataset positions).
    public var rowCount: Int { counts.rowCount }

    func section<T>(_ offset: Int, _ count: Int, as type: T.Type) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: T.self), count: count)
    }
    var rowOffsets: UnsafeBufferPointer<Int64> { section(layout.rowOffsets, counts.rowCount + 1, as: Int64.self) }
    var columnIndices: UnsafeBufferPointer<Int32> { section(layout.columnIndices, counts.nonZeroCount, as: Int32.self) }
    var values: UnsafeBufferPointer<Float> { section(layout.values, counts.nonZeroCount, as: Float.self) }
    var labels: UnsafeBufferPointer<Int32> { section(layout.labels, counts.rowCount, as: Int32.self) }
    var predictions: UnsafeBufferPointer<Int32> { section(layout.predictions, counts.rowCount, as: Int32.self) }
    var splits: UnsafeBufferPointer<UInt8> { section(layout.splits, counts.rowCount, as: UInt8.self) }
    var idOffsets: UnsafeBufferPointer<Int64> { section(layout.idOffsets, counts.rowCount + 1, as: Int64.self) }
    var idBytes: UnsafeBufferPointer<UInt8> { section(layout.idBytes, counts.idByteCount, as: UInt8.self) }

    /// The gold class index of row `row`.
    public func label(at row: Int) -> Int { Int(labels[row]) }
    /// The predicted class index of row `row`.
    public func prediction(at row: Int) -> Int { Int(predictions[row]) }
    /// The split code of row `row` (0 train, 1 dev, 2 test).
    public func splitCode(at row: Int) -> UInt8 { splits[row] }

    /// The row whose example id is `id`, or nil.
    /// - Complexity: O(total id bytes).
    public func row(ofID id: String) -> Int? {
        var wanted = id
        return wanted.withUTF8 { wanted -> Int? in
            let offsets = idOffsets, bytes = idBytes
            for row in 0..<counts.rowCount {
                let start = Int(offsets[row]), end = Int(offsets[row + 1])
                guard end - start == wanted.count else { continue }
                if wanted.isEmpty || memcmp(bytes.baseAddress! + start, wanted.baseAddress!, wanted.count) == 0 { return row }
            }
            return nil
        }
    }

    /// The split code the file stores for a split name.
    static func splitCode(_ name: String) -> UInt8 {
        switch name {
        case "train": 0
        case "dev": 1
        default: 2
        }
    }

    // MARK: Checksum

    /// A 64-bit checksum of `words` (four interleaved multiply–xorshift lanes, folded at the end).
    /// - Complexity: O(words), about one cycle per word.
    static func checksum(_ words: UnsafeBufferPointer<UInt64>) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)
        var index = 0
        let count = words.count
        while index + 4 <= count {
            lanes.0 = (lanes.0 ^ words[index]) &* multiplier; lanes.0 ^= lanes.0 >> 29
            lanes.1 = (lanes.1 ^ words[index + 1]) &* multiplier; lanes.1 ^= lanes.1 >> 29
            lanes.2 = (lanes.2 ^ words[index + 2]) &* multiplier; lanes.2 ^= lanes.2 >> 29
            lanes.3 = (lanes.3 ^ words[index + 3]) &* multiplier; lanes.3 ^= lanes.3 >> 29
            index += 4
        }
        var folded = UInt64(count)
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { folded = (folded ^ lane) &* multiplier; folded ^= folded >> 31 }
        while index < count {
            folded = (folded ^ words[index]) &* multiplier; folded ^= folded >> 31
            index += 1
        }
        return folded
    }

    // MARK: Writing

    /// The bytes of an index file for `key`: representation rows, per-row classes and splits, ids.
    ///
    /// `representation` is `[rows, vocabulary]`; `labels`, `predictions`, `splits` and `ids` have one entry per row.
    /// - Complexity: O(rows + nnz + id bytes).
    static func encode(key: UInt64, representation: SparseMatrix, labels: [Int32], predictions: [Int32], classCount: Int,
                       splits: [UInt8], ids: [String]) -> Data {
        let rowCount = representation.rowCount
        precondition(labels.count == rowCount && predictions.count == rowCount && splits.count == rowCount && ids.count == rowCount,
                     "an index needs one label, prediction, split and id per row, got \(labels.count), \(predictions.count), \(splits.count), \(ids.count) for \(rowCount) rows")
        var idBytes: [UInt8] = []
        var idOffsets: [Int64] = [0]
        idOffsets.reserveCapacity(rowCount + 1)
        for id in ids {
            idBytes.append(contentsOf: id.utf8)
            idOffsets.append(Int64(idBytes.count))
        }
        let counts = Counts(rowCount: rowCount, columnCount: representation.columnCount, nonZeroCount: representation.nonZeroCount,
                            classCount: classCount, idByteCount: idBytes.count)
        let layout = Layout(counts)
        var data = Data(count: layout.byteCount)
        data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
            let base = raw.baseAddress!
            func copy<T>(_ array: [T], to offset: Int) {
                array.withUnsafeBytes { source in
                    if source.count > 0 { (base + offset).copyMemory(from: source.baseAddress!, byteCount: source.count) }
                }
            }
            copy(representation.rowOffsets.map(Int64.init), to: layout.rowOffsets)
            copy(representation.columnIndices, to: layout.columnIndices)
            copy(representation.values, to: layout.values)
            copy(labels, to: layout.labels)
            copy(predictions, to: layout.predictions)
            copy(splits, to: layout.splits)
            copy(idOffsets, to: layout.idOffsets)
            copy(idBytes, to: layout.idBytes)
            let words = base.assumingMemoryBound(to: UInt64.self)
            let payload = UnsafeBufferPointer(start: UnsafePointer(words + headerByteCount / 8), count: (layout.byteCount - headerByteCount) / 8)
            let header: [UInt64] = [magic, formatVersion, key, UInt64(counts.rowCount), UInt64(counts.columnCount), UInt64(counts.nonZeroCount),
                                    UInt64(counts.classCount), UInt64(counts.idByteCount), checksum(payload)]
            for (index, word) in header.enumerated() { words[index] = word.littleEndian }
        }
        return data
    }

    /// Writes `data` to `path` through a temporary file in the same folder and a rename, so the
    /// path holds either the old file, the whole new one, or nothing.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = (directory as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    // MARK: Reading

    /// Maps the file at `path` and checks it against `key` (nil: any key, as `salience check` reads it).
    ///
    /// Returns the index, or why it cannot be used: missing, stale (sound but for another key) or
    /// damaged (size, magic, version, checksum, offsets, columns, classes or splits out of order).
    /// - Complexity: O(file size) for the checksum and offset checks.
    public static func open(path: String, key: UInt64?) -> Result<NeighborIndex, Miss> {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(.missing) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.damaged("its size cannot be read")) }
        let byteCount = Int(status.st_size)
        guard byteCount >= headerByteCount, byteCount % 8 == 0 else {
            return .failure(.damaged("it has \(byteCount) bytes, not a whole header and sections"))
        }
        guard let mapped = mmap(nil, byteCount, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
            return .failure(.damaged("it cannot be memory-mapped"))
        }
        let words = UnsafeBufferPointer(start: UnsafeRawPointer(mapped).assumingMemoryBound(to: UInt64.self), count: byteCount / 8)
        func reject(_ miss: Miss) -> Result<NeighborIndex, Miss> {
            munmap(mapped, byteCount)
            return .failure(miss)
        }
        guard UInt64(littleEndian: words[0]) == magic else { return reject(.damaged("it does not start with the index's magic bytes")) }
        guard UInt64(littleEndian: words[1]) == formatVersion else { return reject(.stale) }
        let storedKey = UInt64(littleEndian: words[2])
        let fields = (3...7).map { Int(truncatingIfNeeded: UInt64(littleEndian: words[$0])) }
        guard fields.allSatisfy({ $0 >= 0 && $0 < 1 << 40 }) else { return reject(.damaged("its header counts are out of range")) }
        let counts = Counts(rowCount: fields[0], columnCount: fields[1], nonZeroCount: fields[2], classCount: fields[3], idByteCount: fields[4])
        let layout = Layout(counts)
        guard layout.byteCount == byteCount else {
            return reject(.damaged("it has \(byteCount) bytes where its header promises \(layout.byteCount)"))
        }
        let payload = UnsafeBufferPointer(rebasing: words[(headerByteCount / 8)...])
        guard checksum(payload) == UInt64(littleEndian: words[8]) else { return reject(.damaged("its checksum does not match its contents")) }
        if let key, storedKey != key { return reject(.stale) }
        let index = NeighborIndex(base: UnsafeRawPointer(mapped), byteCount: byteCount, counts: counts, key: storedKey)
        if let problem = index.structuralProblem() { return .failure(.damaged(problem)) }
        return .success(index)
    }

    /// The first broken invariant of the sections as a phrase, or nil when all hold.
    /// - Complexity: O(rows + nnz).
    private func structuralProblem() -> String? {
        let offsets = rowOffsets, ids = idOffsets
        guard offsets[0] == 0, offsets[counts.rowCount] == Int64(counts.nonZeroCount), ids[0] == 0, ids[counts.rowCount] == Int64(counts.idByteCount) else {
            return "its row or id offsets do not span its entries"
        }
        for row in 0..<counts.rowCount where offsets[row] > offsets[row + 1] || ids[row] > ids[row + 1] {
            return "its offsets decrease at row \(row)"
        }
        let columnCount = Int32(truncatingIfNeeded: counts.columnCount)
        for column in columnIndices where column < 0 || column >= columnCount { return "it has a column index outside the vocabulary" }
        let classCount = Int32(truncatingIfNeeded: counts.classCount)
        for row in 0..<counts.rowCount {
            if labels[row] < 0 || labels[row] >= classCount || predictions[row] < 0 || predictions[row] >= classCount || splits[row] > 2 {
                return "row \(row) names a class or split that does not exist"
            }
        }
        return nil
    }
}

extension NeighborIndex {
    /// The cached index files of `workspace` that fail their checks, as (file name, reason) pairs;
    /// stale but sound files are fine (the next query of their run replaces them).
    /// - Complexity: O(total cache bytes).
    public static func damagedFiles(in workspace: Workspace) -> [(name: String, path: String, reason: String)] {
        let folder = NeighborIndexSlot.folder(of: workspace)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("neighbors-") && $0.hasSuffix(".bin") }.sorted()
        return names.compactMap { name in
            let path = (folder as NSString).appendingPathComponent(name)
            switch open(path: path, key: nil) {
            case .success, .failure(.stale), .failure(.missing): return nil
            case .failure(.damaged(let reason)): return (name, path, reason)
            }
        }
    }
}
