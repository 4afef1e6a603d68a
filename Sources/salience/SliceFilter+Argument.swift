import ArgumentParser
import TextData

extension SliceFilter {
    /// The filter of a `--where`-like option (nil when not given); a syntax error names `flag`
    /// and the expression.
    init?(argument expression: String?, flag: String) throws {
        guard let expression else { return nil }
        do {
            try self.init(parsing: expression)
        } catch {
            throw ValidationError("\(flag) \(expression): \(error)")
        }
    }
}
