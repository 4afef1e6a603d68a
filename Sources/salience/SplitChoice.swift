import ArgumentParser
import TextData

/// A split, or every split (`all`), as `--split` and `--pool` take it.
enum SplitChoice: String, CaseIterable, ExpressibleByArgument {
    case train, dev, test, all

    /// The split, or nil for all of them.
    var split: Split? { Split(rawValue: rawValue) }
}
