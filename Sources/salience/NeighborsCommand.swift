import ArgumentParser
import TextData
import Services

struct NeighborsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbors",
        abstract: "Training examples whose salience looks like one example's: why did the model predict that? (paper Sec. 7)")

    @Argument(help: "The example id (of the analysed --split).")
    var id: String

    @Option(name: .long, help: "How many neighbours.")
    var n: Int = 5

    @Option(name: .long, help: "Split to search: train, dev, test or all.")
    var pool: String = "train"

    @Option(name: .long, help: "Further filter on the pool, like --where.")
    var poolWhere: String?

    @Flag(name: .long, help: "Search every pool example, not only those whose gold label is the query's prediction.")
    var anyLabel = false

    @OptionGroup var slice: SliceOptions
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions

    func run() throws {
        try Console.run {
            guard n >= 1 else { throw CommandError("--n must be at least 1, got \(n).") }
            let session = try WorkspaceSession(workspace: common.open())
            let query = try session.position(ofID: id)
            let analysed = try slice.positions(in: session)
            guard analysed.contains(query) else {
                throw CommandError("Example \(id) is not in the analysed slice (--split \(slice.split)\(slice.where.map { ", --where \($0)" } ?? "")); it is in the \(session.dataset.examples[query].split.rawValue) split.")
            }
            let poolSplit: Split? = pool == "all" ? nil : Split(rawValue: pool)
            guard pool == "all" || poolSplit != nil else { throw CommandError("--pool \(pool) is unknown; use train, dev, test or all.") }
            let poolFilter = try poolWhere.map { try SliceFilter(parsing: $0) }
            var poolPositions = try session.positions(split: poolSplit, filter: poolFilter, filterText: poolWhere)
            if !anyLabel {
                let predicted = session.predictions[query]
                poolPositions = poolPositions.filter { session.label(at: $0) == predicted }
            }
            let report = try NeighborService(session: session).neighbors(of: query, pool: poolPositions, count: n, representation: slice.representationOptions(),
                                               salience: salience.specification(for: session))
            if common.format == .json { Console.printJSON(report); return }
            print(Reports.neighborsTable(report, anyLabel: anyLabel, pool: pool))
        }
    }
}
