import ArgumentParser
import TextData
import Services
import Workspace

/// `--truth-regex` / `--truth-where`: the examples a shortcut cluster should hold.
struct TruthOptions: ParsableArguments {
    @Option(help: "Ground truth: examples whose text matches this regular expression.")
    var truthRegex: String?

    @Option(help: "Ground truth: examples that pass this --where expression (e.g. shortcut=rule0).")
    var truthWhere: String?

    func validate() throws {
        guard truthRegex == nil || truthWhere == nil else { throw ValidationError("Give at most one of --truth-regex and --truth-where.") }
        _ = try SliceFilter(argument: truthWhere, flag: "--truth-where")
    }

    /// The subset, or nil when neither flag is given.
    func subset() throws -> TruthSubset? {
        if let truthRegex { return .regex(truthRegex) }
        guard let truthWhere, let filter = try SliceFilter(argument: truthWhere, flag: "--truth-where") else { return nil }
        return .filter(filter, expression: truthWhere)
    }

    /// `shortcut=rule0`, `/CLASS_0/`, or empty.
    var description: String { truthWhere ?? truthRegex.map { "/\($0)/" } ?? "" }
}
