import ArgumentParser
import Foundation
import Probing
import Services

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
            let export = ExportService(session: session)
            if let path = maps {
                try OutputFile.write(export.jsonLines(salienceMaps, positions: positions), to: path)
                Console.log("Wrote \(positions.count) salience maps (\(specification.displayName)) to \(path).")
                if analysis.common.format == .json {
                    Console.printJSON(ExportSummary(file: path, what: "maps", method: specification.displayName, rows: positions.count, columns: nil))
                }
                return
            }
            let path = out!
            let options = analysis.representation.options
            let matrix = try RepresentationService(session: session).representation(options, positions: positions, maps: salienceMaps)
            let file = try export.representationFile(matrix, kind: options.kind, positions: positions, format: path.hasSuffix(".npy") ? .npy : .npz)
            if let idsText = file.idsText { try OutputFile.write(idsText, to: String(path.dropLast(4)) + ".ids.txt") }
            try OutputFile.write(file.data, to: path)
            Console.log("Wrote the \(options.kind.rawValue) representation of \(positions.count) examples (\(matrix.rowCount) × \(matrix.columnCount)) to \(path).")
            if analysis.common.format == .json {
                Console.printJSON(ExportSummary(file: path, what: options.kind.rawValue, method: specification.displayName,
                                                rows: matrix.rowCount, columns: matrix.columnCount))
            }
        }
    }
}

/// What `export --format json` prints after writing maps or a representation: one JSON object.
struct ExportSummary: Encodable {
    /// The file written.
    var file: String
    /// `maps`, or the representation's name.
    var what: String
    /// The salience method of the maps.
    var method: String
    /// Maps or matrix rows written.
    var rows: Int
    /// Matrix columns; null for maps.
    @NullEncoded var columns: Int?
}
