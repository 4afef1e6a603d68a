/// A plain-text table whose columns line up in a terminal (widths counted in characters).
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String]) {
        precondition(row.count == headers.count, "Row has \(row.count) cells, table has \(headers.count) columns")
        rows.append(row)
    }

    /// The rendered table: header, rule, rows.
    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return alignments[index] == .left ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(headers), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }

    /// At most `length` characters, with an ellipsis when cut; newlines folded to spaces.
    func snippet(_ length: Int) -> String {
        let flat = self.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= length ? flat : String(flat.prefix(length - 1)) + "…"
    }
}

/// Fixed-point formatting without Foundation's locale machinery.
func fixed(_ value: Double, _ digits: Int = 2) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let integer = Int(rounded / scale)
    let fraction = Int(rounded - Double(integer) * scale)
    let sign = value < 0 && rounded != 0 ? "-" : ""
    guard digits > 0 else { return sign + String(integer) }
    let fractionText = String(fraction)
    return sign + String(integer) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
}

/// A share as a percentage with one decimal.
func percent(_ value: Double) -> String { fixed(value * 100, 1) + "%" }
