import ArgumentParser
import TextData
import Services
import Workspace

struct NeighborsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors",
        abstract: "Training examples whose salience looks like one example's: why did the model predict that? (paper Sec. 7)")

    @Argument(help: "The example id (of the analysed --split).")
    var id: String

    @Option(help: "How many neighbours.")
    var n: Int = 5

    @Option(help: "Split to search.")
    var pool: SplitChoice = .train

    @Option(help: "Further filter on the pool, like --where.")
    var poolWhere: String?

    @Flag(help: "Search every pool example, not only those whose gold label is the query's prediction.")
    var anyLabel = false

    @OptionGroup var analysis: AnalysisOptions

    func validate() throws {
        guard n >= 1 else { throw ValidationError("--n must be at least 1, got \(n).") }
        _ = try SliceFilter(argument: poolWhere, flag: "--pool-where")
    }

    func run() throws {
        try Console.run {
            // Later queries of a run answer from its cached index without loading the session (docs/METHOD.md).
            if analysis.slice.where == nil, poolWhere == nil {
                let question = IndexedNeighborQuery(id: id, count: n, sliceSplit: analysis.slice.split.split, poolSplit: pool.split, anyLabel: anyLabel,
                                                    representation: analysis.representation.options, modelVersion: analysis.version.modelVersion)
                if let report = try NeighborService.indexedNeighbors(in: analysis.common.open(), query: question, specification: { method in
                    var specification = analysis.salience.specification(defaultMethod: method)
                    specification.seed = analysis.common.seed
                    return specification
                }) {
                    analysis.common.emit(report) { Reports.neighborsTable(report, anyLabel: anyLabel, pool: pool.rawValue) }
                    return
                }
            }
            let input = try analysis.open()
            let session = input.session
            let query = try session.position(ofID: id)
            guard input.positions.contains(query) else {
                throw CommandError("Example \(id) is not in the analysed slice (--split \(analysis.slice.split.rawValue)\(analysis.slice.where.map { ", --where \($0)" } ?? "")); it is in the \(session.dataset.examples[query].split.rawValue) split.")
            }
            let poolFilter = try SliceFilter(argument: poolWhere, flag: "--pool-where")
            var poolPositions = try session.positions(split: pool.split, filter: poolFilter, filterText: poolWhere)
            if !anyLabel {
                let predicted = session.predictions[query]
                poolPositions = poolPositions.filter { session.label(at: $0) == predicted }
            }
            let report = try NeighborService(session: session).neighbors(of: query, pool: poolPositions, count: n, representation: analysis.representation.options,
                                               salience: input.specification)
            analysis.common.emit(report) { Reports.neighborsTable(report, anyLabel: anyLabel, pool: pool.rawValue) }
            _ = try? NeighborService(session: session).storeIndex(specification: input.specification, representation: analysis.representation.options)
        }
    }
}
