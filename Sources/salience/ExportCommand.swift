import ArgumentParser
import Foundation
import LinearAlgebra
import Representation
import Workspace

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a slice's representation matrix (.npz / .npy) or its salience maps (.jsonl).")

    @Option(help: "Output file: .npz (any representation; SciPy CSR layout for sparse ones) or .npy (dense only).")
    var out: String?

    @Option(help: "Write the salience maps of the slice as JSON Lines to this file.")
    var maps: String?

    @Option(help: "Write the current model to this new folder (BERT: a Hugging Face BertForSequenceClassification checkpoint that `transformers` and `salience attribute --checkpoint` read).")
    var model: String?

    @OptionGroup var analysis: AnalysisOptions

    /// One line of `--maps`, in the format `salience import` reads back.
    struct MapLine: Codable {
        var id: String
        var text: String
        var label: String
        var prediction: String
        var probability: Float
        var split: String
        var tokens: [String]
        var scores: [Float]
        var metadata: [String: String]
    }

    func validate() throws {
        guard [out, maps, model].compactMap({ $0 }).count == 1 else {
            throw ValidationError("Give exactly one of --out FILE (with --representation), --maps FILE.jsonl or --model DIR.")
        }
        if let out, !out.hasSuffix(".npz"), !out.hasSuffix(".npy") { throw ValidationError("--out \(out) must end in .npz or .npy.") }
    }

    func run() throws {
        try Console.run {
            if let model {
                let session = try analysis.common.session()
                let files = try session.exportModel(to: model)
                Console.log("Wrote \(session.model.record.recipe.kind) model \(session.model.record.fingerprint.prefix(16)) to \(model): \(files.joined(separator: ", ")).")
                if analysis.common.format == .json { Console.printJSON(["directory": model, "files": files.joined(separator: ",")]) }
                return
            }
            let input = try analysis.open()
            let (session, positions, specification) = (input.session, input.positions, input.specification)
            let salienceMaps = try input.maps()
            let ids = positions.map { session.dataset.examples[$0].id }
            if let path = maps {
                var text = ""
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for (position, map) in zip(positions, salienceMaps) {
                    let example = session.dataset.examples[position]
                    let line = MapLine(id: example.id, text: example.text, label: example.label, prediction: session.classes[map.prediction],
                                       probability: map.probability, split: example.split.rawValue, tokens: map.tokenIDs.map { session.term(Int($0)) }, scores: map.scores,
                                       metadata: example.metadata)
                    text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
                }
                try OutputFile.write(text, to: path)
                Console.log("Wrote \(positions.count) salience maps (\(specification.displayName)) to \(path).")
                return
            }
            let path = out!
            let options = analysis.representation.options
            let matrix = try session.representation(options, positions: positions, maps: salienceMaps)
            let terms = session.model.vocabulary.terms
            let data: Data
            switch matrix {
            case .sparse(let sparse):
                guard path.hasSuffix(".npz") else { throw CommandError("The \(options.kind.rawValue) representation is sparse; write it to a .npz file.") }
                data = NumPyArchive.npz([
                    ("indices", .int32(sparse.columnIndices, shape: [sparse.nonZeroCount])),
                    ("indptr", .int64(sparse.rowOffsets, shape: [sparse.rowCount + 1])),
                    ("format", .byteString("csr")),
                    ("shape", .int64([sparse.rowCount, sparse.columnCount], shape: [2])),
                    ("data", .float32(sparse.values, shape: [sparse.nonZeroCount])),
                    ("ids", .strings(ids)),
                    ("terms", .strings(terms)),
                ])
            case .dense(let dense):
                let array = NumPyArchive.Array.float32(dense.values, shape: [dense.rowCount, dense.columnCount])
                if path.hasSuffix(".npy") {
                    data = NumPyArchive.npy(array)
                    let idsPath = String(path.dropLast(4)) + ".ids.txt"
                    try OutputFile.write(ids.joined(separator: "\n") + "\n", to: idsPath)
                } else {
                    data = NumPyArchive.npz([("matrix", array), ("ids", .strings(ids))])
                }
            }
            try OutputFile.write(data, to: path)
            Console.log("Wrote the \(options.kind.rawValue) representation of \(positions.count) examples (\(matrix.rowCount) × \(matrix.columnCount)) to \(path).")
        }
    }
}
