import ArgumentParser
import Foundation
import Workspace

struct AttributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute", abstract: "Compute and store salience maps for a slice (resumes where an interrupted run stopped).")

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions

    @Option(name: .long, help: "Target class of the gradient: prediction, label or a class name.")
    var target: String = "prediction"

    @Option(name: .long, help: "Score normalisation: none, or sum (scores of an example sum to 1).")
    var normalize: String = "none"

    @OptionGroup var common: WorkspaceOptions

    struct Summary: Codable {
        var method: String
        var target: String
        var normalization: String
        var examples: Int
        var seconds: Double
        var modelFingerprint: String
    }

    func run() throws {
        try Console.run {
            let session = try WorkspaceSession(workspace: common.open())
            if session.model.isExternal {
                throw session.model.externalRefusal("attribute needs the model to compute salience maps",
                                                    remedy: "they are stored already: go on with cluster, compare, show or neighbors")
            }
            let positions = try slice.positions(in: session)
            var specification = salience.specification(for: session)
            specification.target = target
            specification.normalization = normalize
            let bar = ProgressBar("attribute \(specification.method)")
            let start = Date()
            _ = try session.maps(specification, positions: positions) { done, total in bar.update(done, of: total) }
            bar.finish()
            let summary = Summary(method: specification.displayName, target: target, normalization: normalize, examples: positions.count,
                                  seconds: Date().timeIntervalSince(start), modelFingerprint: session.model.record.fingerprint)
            if common.format == .json {
                Console.printJSON(summary)
            } else {
                print("Salience maps (\(summary.method), target \(target), normalisation \(normalize), model \(summary.modelFingerprint)) for \(positions.count) examples of \(slice.split) in \(fixed(summary.seconds, 1)) s; stored in \(common.workspace).")
            }
        }
    }
}
