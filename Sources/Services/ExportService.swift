import Foundation
import Attribution
import Representation
import Workspace

/// Writes a slice's salience maps and representation matrices in formats other tools read:
/// JSON Lines that `ImportedSalience` reads back, and NumPy `.npz` / `.npy` files.
public struct ExportService: Sendable {
    /// One exported salience map, in the layout `ImportedSalience` reads.
    public struct MapLine: Codable, Sendable {
        public var id: String
        public var text: String
        public var label: String
        public var prediction: String
        public var probability: Float
        public var split: String
        public var tokens: [String]
        public var scores: [Float]
        public var metadata: [String: String]
    }

    /// The NumPy file formats of a representation.
    public enum ArrayFileFormat: String, Sendable, CaseIterable {
        /// A zip of `.npy` members; sparse matrices in SciPy's CSR layout (`scipy.sparse.load_npz`).
        case npz
        /// One dense array; the example ids go to a text file beside it.
        case npy
    }

    /// A representation ready to write: the file's bytes, and for `.npy` the text of the ids file.
    public struct RepresentationFile: Sendable {
        /// The `.npz` or `.npy` bytes.
        public var data: Data
        /// One example id per line, for the ids file next to a `.npy` (nil for `.npz`, which holds the ids).
        public var idsText: String?
    }

    /// The session whose slices are exported.
    public let session: WorkspaceSession

    /// Exports from `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// The maps of the examples at `positions` as JSON Lines, one `MapLine` per example, keys sorted.
    /// - Complexity: O(total tokens).
    public func jsonLines(_ maps: [SalienceMap], positions: [Int]) -> Data {
        precondition(maps.count == positions.count, "\(maps.count) maps for \(positions.count) positions")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for (position, map) in zip(positions, maps) {
            let example = session.dataset.examples[position]
            let line = MapLine(id: example.id, text: example.text, label: example.label, prediction: session.classes[map.prediction],
                               probability: map.probability, split: example.split.rawValue,
                               tokens: map.tokenIDs.map { session.term(Int($0)) }, scores: map.scores, metadata: example.metadata)
            // Encoding strings, numbers and string dictionaries cannot fail.
            data.append(try! encoder.encode(line))
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }

    /// The representation `matrix` of the examples at `positions` as a NumPy file.
    ///
    /// `.npz` holds a sparse matrix as `indices`, `indptr`, `format`, `shape`, `data` plus `ids` and
    /// `terms`, a dense one as `matrix` plus `ids`; `.npy` holds dense matrices only.
    /// - Complexity: O(non-zeros) sparse, O(rows × columns) dense.
    public func representationFile(_ matrix: RepresentationMatrix, kind: RepresentationKind, positions: [Int],
                                   format: ArrayFileFormat) throws(WorkspaceError) -> RepresentationFile {
        precondition(matrix.rowCount == positions.count, "\(matrix.rowCount) rows for \(positions.count) positions")
        let ids = positions.map { session.dataset.examples[$0].id }
        switch (matrix, format) {
        case (.sparse(let sparse), .npz):
            return RepresentationFile(data: NumPyArchive.npz([
                ("indices", .int32(sparse.columnIndices, shape: [sparse.nonZeroCount])),
                ("indptr", .int64(sparse.rowOffsets, shape: [sparse.rowCount + 1])),
                ("format", .byteString("csr")),
                ("shape", .int64([sparse.rowCount, sparse.columnCount], shape: [2])),
                ("data", .float32(sparse.values, shape: [sparse.nonZeroCount])),
                ("ids", .strings(ids)),
                ("terms", .strings(session.model.vocabulary.terms)),
            ]), idsText: nil)
        case (.sparse, .npy):
            throw WorkspaceError("The \(kind.rawValue) representation is sparse, and a .npy file holds only dense arrays.",
                                 nextStep: .chooseValue(parameter: "outputFile", advice: "a .npz file"))
        case (.dense(let dense), _):
            let array = NumPyArchive.Array.float32(dense.values, shape: [dense.rowCount, dense.columnCount])
            if format == .npy { return RepresentationFile(data: NumPyArchive.npy(array), idsText: ids.joined(separator: "\n") + "\n") }
            return RepresentationFile(data: NumPyArchive.npz([("matrix", array), ("ids", .strings(ids))]), idsText: nil)
        }
    }
}
