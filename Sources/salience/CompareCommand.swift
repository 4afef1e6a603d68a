import ArgumentParser
import Services

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The shortcut check for every representation and salience method (the paper's Table 1).")

    @OptionGroup var clustering: ClusteringOptions<ThreeClusters>
    @OptionGroup var truth: TruthOptions
    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        guard truth.truthRegex != nil || truth.truthWhere != nil else {
            throw ValidationError("compare needs the ground truth: give --truth-regex RE or --truth-where EXPR.")
        }
    }

    func run() throws {
        try Console.run {
            let input = try analysis.open()
            try input.checkClusterCount(clustering.k)
            let report = try Reports.comparison(session: input.session, positions: input.positions, k: clustering.k, nInit: clustering.nInit,
                                                topK: analysis.representation.topK.limit, seed: analysis.common.seed,
                                                truth: truth.subset()!, requested: input.specification)
            analysis.common.emit(report) { Reports.comparisonTable(report, slice: analysis.slice) }
        }
    }
}
