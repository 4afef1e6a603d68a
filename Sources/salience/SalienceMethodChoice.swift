import ArgumentParser
import Attribution

/// `--method`: a built-in salience method, or the name of an imported run, which only a
/// workspace of imported maps accepts (checked once the workspace is open).
enum SalienceMethodChoice: ExpressibleByArgument, Equatable {
    case builtIn(SalienceMethodKind)
    case imported(String)

    init?(argument: String) {
        if let kind = SalienceMethodKind(rawValue: argument) {
            self = .builtIn(kind)
        } else if argument.isEmpty || argument.hasPrefix("-") {
            return nil
        } else {
            self = .imported(argument)
        }
    }

    /// The method's name in recipes.
    var name: String {
        switch self {
        case .builtIn(let kind): kind.rawValue
        case .imported(let name): name
        }
    }

    /// The built-in methods; help lists them.
    static var allValueStrings: [String] { SalienceMethodKind.allCases.map(\.rawValue) }

    var defaultValueDescription: String { name }
}
