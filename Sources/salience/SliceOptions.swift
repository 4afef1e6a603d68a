import ArgumentParser
import TextData
import Services
import Workspace

/// `--split` and `--where`: the examples an analysis looks at.
struct SliceOptions: ParsableArguments {
    @Option(help: "Which split to analyse.")
    var split: SplitChoice = .test

    @Option(help: "Filter the slice: pred=C, label=C, correct, wrong, contains=TERM, COLUMN=VALUE; commas mean AND.")
    var `where`: String?

    func validate() throws { _ = try SliceFilter(argument: `where`, flag: "--where") }

    /// The positions of the slice in `session`.
    func positions(in session: WorkspaceSession) throws -> [Int] {
        try session.positions(split: split.split, filter: SliceFilter(argument: `where`, flag: "--where"), filterText: `where`)
    }

    /// `test`, or `test where pred=0`.
    var description: String { split.rawValue + (`where`.map { " where \($0)" } ?? "") }
}
