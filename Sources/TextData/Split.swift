/// The partition of a dataset an example belongs to.
public enum Split: String, Sendable, CaseIterable, Codable {
    case train, dev, test

    /// Parses a split value from a data file: `train`, `dev`, `test` (any case), also
    /// `validation`, `valid` and `val` for `dev`; `nil` for anything else.
    public init?(fileValue: String) {
        switch fileValue.trimmingASCIIWhitespace().lowercased() {
        case "train": self = .train
        case "dev", "validation", "valid", "val": self = .dev
        case "test": self = .test
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
