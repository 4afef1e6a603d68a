import ArgumentParser
import Foundation
import Probing
import Rendering
import Services
import TextData
import Workspace

struct FaithfulnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faithfulness",
        abstract: "Which salience method should I trust? Comprehensiveness, sufficiency, deletion and insertion curves, the word-replacement attack and rationale agreement, random as the floor.")

    @Option(help: ArgumentHelp("Comma-separated methods: any built-in method (grad-l2, grad-input, ig, …), the imported run's --name, and random (a seeded uniform score per token).", valueName: "M,M,…"))
    var methods: String = "grad-l2,grad-input,ig,random"

    @OptionGroup var slice: SliceOptions

    @Option(name: .customLong("m"), help: "Examples drawn (seeded) from the slice; all of them when fewer.")
    var exampleCount: Int = 500

    @Option(help: ArgumentHelp("Comprehensiveness and sufficiency bins: comma-separated fractions of an example's words in (0, 1] (ERASER's by default).", valueName: "F,F,…"))
    var bins: String = "0.01,0.05,0.1,0.2,0.5"

    @Option(help: "How words are taken out: deleted, or each piece replaced by the mask token.")
    var perturb: Perturbation = .remove

    @Option(help: "What the attack puts in place of the most salient words: the mask token, or a seeded word of the same training-frequency band.")
    var replace: AttackReplacement = .mask

    @Option(name: .customLong("rationale-column"), help: ArgumentHelp("A column of the data holding each example's rationale words, space-separated (`data synth` writes shortcutTokens).", valueName: "COL"))
    var rationaleColumn: String?

    @Option(help: ArgumentHelp("With imported maps: the classifier they explain (a BERT checkpoint, or a folder `salience export --model` wrote).", valueName: "DIR"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Also write faithfulness.json, faithfulness.txt and faithfulness-curves.svg to this folder.", valueName: "DIR"))
    var out: String?

    @OptionGroup var common: WorkspaceOptions

    func validate() throws {
        guard exampleCount >= 1 else { throw ValidationError("--m \(exampleCount) must be at least 1.") }
        _ = try parsedBins()
        guard !methodNames.isEmpty else { throw ValidationError("--methods is empty; name at least one method, e.g. grad-l2,random.") }
    }

    /// `--methods` split at commas.
    var methodNames: [String] { methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    /// `--bins` as fractions; a value that is not a number in (0, 1] is refused, naming it.
    func parsedBins() throws -> [Double] {
        let parts = bins.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try parts.map { part in
            guard let value = Double(part), value > 0, value <= 1 else {
                throw ValidationError("--bins \(bins): '\(part)' is not a fraction of the words in (0, 1]; use e.g. 0.01,0.05,0.1,0.2,0.5 (ERASER's).")
            }
            return value
        }
    }

    func run() throws {
        try Console.run {
            let session = try common.session()
            var request = FaithfulnessRequest()
            request.methods = methodNames
            request.split = slice.split.split
            request.filter = try SliceFilter(argument: slice.where, flag: "--where")
            request.filterText = slice.where
            request.exampleCount = exampleCount
            request.options.fractions = try parsedBins()
            request.options.perturbation = perturb
            request.options.replacement = replace
            request.options.seed = common.seed
            request.rationaleColumn = rationaleColumn
            request.checkpointDirectory = checkpoint
            let bar = ProgressBar("salience maps")
            let outcome = try FaithfulnessService(session: session).evaluate(request) { bar.update($0, of: $1) }
            bar.finish()
            if common.format == .json { for note in outcome.notes { Console.log(note) } }
            let text = Reports.faithfulnessTables(outcome.report, notes: outcome.notes, slice: slice.description)
            if let out {
                try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try OutputFile.write(Console.jsonText(outcome.report), to: (out as NSString).appendingPathComponent("faithfulness.json"))
                try OutputFile.write(text + "\n", to: (out as NSString).appendingPathComponent("faithfulness.txt"))
                try OutputFile.write(Reports.faithfulnessChart(outcome.report, subtitle: slice.description),
                                     to: (out as NSString).appendingPathComponent("faithfulness-curves.svg"))
            }
            common.emit(outcome.report) { text }
        }
    }
}

extension Perturbation: ExpressibleByArgument {}
extension AttackReplacement: ExpressibleByArgument {}
