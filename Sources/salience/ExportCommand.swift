import ArgumentParser
import Foundation
import Services

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a slice's representation matrix (.npz / .npy) or its salience maps (.jsonl).")

    @Option(name: .long, help: "Output file: .npz (any representation; SciPy CSR layout for sparse ones) or .npy (dense only).")
    var out: String?

    @Option(name: .long, help: "Write the salience maps of the slice as JSON Lines to this file.")
    var maps: String?

    @Option(name: .long, help: "Write the current model to this new folder (BERT: a Hugging Face BertForSequenceClassification checkpoint that `transformers` and `salience attribute --checkpoint` read).")
    var model: String?

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            guard [out, maps, model].compactMap({ $0 }).count == 1 else {
                throw CommandError("Give exactly one of --out FILE (with --representation), --maps FILE.jsonl or --model DIR.")
            }
            if let model {
                let session = try WorkspaceSession(workspace: common.open())
                let files = try session.exportModel(to: model)
                Console.log("Wrote \(session.model.record.recipe.kind) model \(session.model.record.fingerprint.prefix(16)) to \(model): \(files.joined(separator: ", ")).")
                if common.format == .json { Console.printJSON(["directory": model, "files": files.joined(separator: ",")]) }
                return
            }
            if let out {
                guard out.hasSuffix(".npz") || out.hasSuffix(".npy") else { throw CommandError("--out \(out) must end in .npz or .npy.") }
            }
            let session = try WorkspaceSession(workspace: common.open())
            let positions = try slice.positions(in: session)
            let specification = salience.specification(for: session)
            let salienceMaps = try session.maps(specification, positions: positions)
            let export = ExportService(session: session)
            if let path = maps {
                try write(export.jsonLines(salienceMaps, positions: positions), to: path)
                Console.log("Wrote \(positions.count) salience maps (\(specification.displayName)) to \(path).")
                return
            }
            let path = out!
            let options = try slice.representationOptions()
            let matrix = try RepresentationService(session: session).representation(options, positions: positions, maps: salienceMaps)
            let file = try export.representationFile(matrix, kind: options.kind, positions: positions, format: path.hasSuffix(".npy") ? .npy : .npz)
            if let idsText = file.idsText { try write(Data(idsText.utf8), to: String(path.dropLast(4)) + ".ids.txt") }
            try write(file.data, to: path)
            Console.log("Wrote the \(options.kind.rawValue) representation of \(positions.count) examples (\(matrix.rowCount) × \(matrix.columnCount)) to \(path).")
        }
    }

    private func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandError("Cannot write \(path): \(error.localizedDescription)")
        }
    }
}
