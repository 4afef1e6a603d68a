import ArgumentParser

/// `--top-k`: how many non-zeros a salience-vocabulary row keeps, a positive number or all.
enum TopK: ExpressibleByArgument, Equatable {
    case count(Int)
    case all

    init?(argument: String) {
        if argument == "all" {
            self = .all
        } else if let count = Int(argument), count >= 1 {
            self = .count(count)
        } else {
            return nil
        }
    }

    /// The number kept, or nil for all.
    var limit: Int? {
        if case .count(let count) = self { return count }
        return nil
    }

    var defaultValueDescription: String { limit.map(String.init) ?? "all" }
}
