import ArgumentParser
import Foundation

/// `--color-by`: what colours the points of a map.
enum PointColoring: ExpressibleByArgument, Equatable {
    case cluster, label, prediction
    /// Texts that match the pattern stand out; the rest are grey.
    case regex(String)

    init?(argument: String) {
        switch argument {
        case "cluster": self = .cluster
        case "label": self = .label
        case "prediction": self = .prediction
        default:
            guard argument.hasPrefix("regex:") else { return nil }
            self = .regex(String(argument.dropFirst("regex:".count)))
        }
    }

    static var allValueStrings: [String] { ["cluster", "label", "prediction", "regex:RE"] }

    var defaultValueDescription: String {
        switch self {
        case .cluster: "cluster"
        case .label: "label"
        case .prediction: "prediction"
        case .regex(let pattern): "regex:\(pattern)"
        }
    }

    /// The compiled pattern of `.regex` (nil for the other colourings); a pattern that does not
    /// compile is refused, naming it.
    func expression() throws -> NSRegularExpression? {
        guard case .regex(let pattern) = self else { return nil }
        do { return try NSRegularExpression(pattern: pattern) } catch {
            throw ValidationError("--color-by regex:\(pattern) is not a valid regular expression; check its brackets and escapes.")
        }
    }
}
