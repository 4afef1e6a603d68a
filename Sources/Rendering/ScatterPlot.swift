/// A scatter plot of a 2-D embedding (a t-SNE map) as compact SVG: one `<circle>` per point,
/// coloured by group, with a hover `<title>`, a legend with counts, and a plain frame.
///
/// There are no numeric ticks: t-SNE axes carry no meaning, so the frame is unlabelled and a
/// note says so. Both axes share one scale (distances in the map are comparable in every
/// direction). Highlighted points are drawn after all others, larger, with a dark outline.
/// Group colours live in CSS classes scoped by `identifier`, so a page may hold several plots.
/// Coordinates are written with one decimal; with 120-character snippets a 10,000-point plot
/// is about 2.2 MB.
public struct ScatterPlot: Sendable {
    /// The points in input (drawing) order.
    public let points: [ScatterPoint]
    /// Display name of each group; point `group` values index this array.
    public let groupNames: [String]
    /// One colour per group.
    public let palette: [String]
    /// Heading line.
    public let title: String
    /// Smaller line under the heading ("" for none).
    public let subtitle: String
    /// Note under the frame.
    public let note: String
    /// The root element's `id`, also scoping the CSS (letters, digits, `-`, `_`).
    public let identifier: String
    /// Canvas width (px).
    public let width: Double
    /// Canvas height (px).
    public let height: Double

    /// Longest snippet (in characters) that `pointTitle` keeps.
    public static let maximumSnippetLength = 120

    /// A plot of `points`.
    /// - Parameters:
    ///   - groupNames: every point's `group` must be in `0..<groupNames.count` (a precondition).
    ///   - palette: defaults to `ColorPalette.categorical(count: groupNames.count)` (Okabe–Ito
    ///     up to 8 groups, Tableau 20 beyond); a given palette is cycled if it is short.
    public init(points: [ScatterPoint], groupNames: [String], title: String, subtitle: String = "",
                palette: [String]? = nil, note: String = "t-SNE axes have no units", identifier: String = "map",
                width: Double = 960, height: Double = 720) {
        precondition(!groupNames.isEmpty, "ScatterPlot: groupNames is empty")
        precondition(width >= 320 && height >= 240, "ScatterPlot: canvas must be at least 320 × 240, got \(width) × \(height)")
        precondition(SVGAttribute.isValidName(identifier) && !identifier.contains(":") && !identifier.contains("."),
                     "ScatterPlot: identifier '\(identifier)' must be letters, digits, '-' or '_'")
        for (index, point) in points.enumerated() {
            precondition(point.x.isFinite && point.y.isFinite,
                         "ScatterPlot: point \(index) has non-finite coordinates (\(point.x), \(point.y))")
            precondition(point.group >= 0 && point.group < groupNames.count,
                         "ScatterPlot: point \(index) has group \(point.group), expected 0..<\(groupNames.count)")
        }
        let colours = palette ?? ColorPalette.categorical(count: groupNames.count)
        precondition(!colours.isEmpty, "ScatterPlot: the palette is empty")
        self.points = points
        self.groupNames = groupNames
        self.palette = groupNames.indices.map { colours[$0 % colours.count] }
        self.title = title
        self.subtitle = subtitle
        self.note = note
        self.identifier = identifier
        self.width = width
        self.height = height
    }

    /// A plot from `(x, y, group, title, highlighted)` tuples; see the main initialiser.
    public init(points: [(x: Float, y: Float, group: Int, title: String, highlighted: Bool)], groupNames: [String],
                title: String, subtitle: String = "", palette: [String]? = nil,
                note: String = "t-SNE axes have no units", identifier: String = "map",
                width: Double = 960, height: Double = 720) {
        self.init(points: points.map { ScatterPoint(x: $0.x, y: $0.y, group: $0.group, title: $0.title,
                                                    highlighted: $0.highlighted) },
                  groupNames: groupNames, title: title, subtitle: subtitle, palette: palette, note: note,
                  identifier: identifier, width: width, height: height)
    }

    /// The hover text of one example: "id · label → prediction" on the first line, the text
    /// snippet (whitespace collapsed, cut at a word to at most 120 characters with "…") on the
    /// second. The HTML report's search box looks only at the second line.
    public static func pointTitle(id: String, label: String, prediction: String, snippet: String) -> String {
        "\(id) · \(label) → \(prediction)\n" + shortened(snippet, maximumLength: maximumSnippetLength)
    }

    /// `text` with runs of whitespace collapsed to one space and cut to `maximumLength`
    /// characters (ending in "…", at a word boundary when one is near).
    public static func shortened(_ text: String, maximumLength: Int) -> String {
        precondition(maximumLength >= 2, "ScatterPlot: maximumLength must be at least 2, got \(maximumLength)")
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard collapsed.count > maximumLength else { return collapsed }
        var kept = String(collapsed.prefix(maximumLength - 1))
        if let space = kept.lastIndex(of: " "), kept.distance(from: space, to: kept.endIndex) < 20 {
            kept = String(kept[..<space])
        }
        return kept + "…"
    }

    /// Number of points in each group, `[groupNames.count]`.
    public var groupCounts: [Int] {
        var counts = [Int](repeating: 0, count: groupNames.count)
        for point in points { counts[point.group] += 1 }
        return counts
    }

    /// Radius (px) of an ordinary point: smaller for more points (3.5 at 100, 2.3 at 10,000).
    public var pointRadius: Double {
        let fourthRoot = Double(max(points.count, 1)).squareRoot().squareRoot()
        return min(4, max(1.6, 4.1 - 0.18 * fourthRoot))
    }
}
