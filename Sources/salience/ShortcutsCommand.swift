import ArgumentParser
import Analysis
import Foundation
import Services
import Workspace

struct ShortcutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortcuts",
        abstract: "What the model leans on: term sets that lead salience clusters of each predicted class over a range of k, with their evidence, verified by inserting and masking them, ranked.")

    @Option(name: .customLong("k-range"), help: ArgumentHelp("The cluster counts tried for each predicted class: LOW-HIGH, or one k.", valueName: "LOW-HIGH"))
    var kRange: String = "2-8"

    @Option(help: "k-means restarts per k; the lowest inertia wins.")
    var nInit: Int = 10

    @Option(help: "A term leads a cluster when its mean salience share there is at least this many times the even share (1 / mean length).")
    var concentration: Double = ClusterConcentration.strengthFactor

    @Option(help: "Candidates listed (0: all).")
    var top: Int = 10

    @Option(help: "Candidates verified by the model, best evidence first (0: none); skipped, with a note, on imported maps.")
    var verify: Int = 10

    @Option(name: .customLong("m"), help: "Verification: examples of the split not of the class each candidate is inserted into (all when fewer).")
    var exampleCount: Int = 1000

    @Option(help: "Also write shortcuts.txt and shortcuts.json into this folder.")
    var out: String?

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    /// The parsed `--k-range`.
    static func clusterCounts(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard (1...2).contains(parts.count), let low = Int(parts[0]), let high = Int(parts[parts.count - 1]) else {
            throw ValidationError("--k-range \(text) is not LOW-HIGH or one k; write e.g. 2-8.")
        }
        guard low >= 1, low <= high else { throw ValidationError("--k-range \(text) needs 1 ≤ LOW ≤ HIGH; write e.g. 2-8.") }
        return low...high
    }

    func validate() throws {
        _ = try Self.clusterCounts(kRange)
        guard concentration > 0 else { throw ValidationError("--concentration must be positive, got \(concentration).") }
        guard nInit >= 1 else { throw ValidationError("--n-init must be at least 1, got \(nInit).") }
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more, got \(top).") }
        guard verify >= 0 else { throw ValidationError("--verify must be 0 (none) or more, got \(verify).") }
        guard exampleCount >= 1 else { throw ValidationError("--m \(exampleCount) must be at least 1.") }
    }

    func run() throws {
        try Console.run {
            let session = try common.session()
            let positions = try slice.positions(in: session)
            var request = ShortcutRequest(salience: try salience.specification(for: session))
            request.clusterCounts = try Self.clusterCounts(kRange)
            request.initializationCount = nInit
            request.concentrationFactor = concentration
            request.candidateCount = top
            request.verifyCount = verify
            request.exampleCount = exampleCount
            request.split = slice.split.split
            request.seed = common.seed
            let report = try ShortcutService(session: session).shortcuts(request, positions: positions)
            if let note = report.verificationNote, session.model.isExternal, verify > 0 { Console.log(note) }
            let table = Reports.shortcutTable(report, slice: slice.description)
            if let out {
                try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try OutputFile.write(table + "\n", to: (out as NSString).appendingPathComponent("shortcuts.txt"))
                try OutputFile.write(Console.jsonText(report), to: (out as NSString).appendingPathComponent("shortcuts.json"))
            }
            common.emit(report) { table }
        }
    }
}
