/// Line charts side by side sharing one legend: each panel has its own title and lines over
/// the same x values, a line optionally drawn inside a shaded band (mean ± spread).
public struct LineChart: Sendable {
    /// One line of a panel.
    public struct Line: Sendable {
        /// Legend name (lines of the same name in several panels share the colour).
        public var name: String
        /// y at each x, `[x.count]`.
        public var values: [Double]
        /// Half-width of the shaded band at each x, or nil for no band.
        public var spread: [Double]?
        /// Dashed (for a second curve of the same method).
        public var dashed: Bool

        /// A line.
        public init(name: String, values: [Double], spread: [Double]? = nil, dashed: Bool = false) {
            self.name = name
            self.values = values
            self.spread = spread
            self.dashed = dashed
        }
    }

    /// One panel.
    public struct Panel: Sendable {
        /// Title above the panel.
        public var title: String
        /// The lines.
        public var lines: [Line]

        /// A panel.
        public init(title: String, lines: [Line]) {
            self.title = title
            self.lines = lines
        }
    }

    /// The chart's title.
    public var title: String
    /// A line under the title.
    public var subtitle: String
    /// The shared x values, increasing.
    public var x: [Double]
    /// x axis label.
    public var xLabel: String
    /// y axis label.
    public var yLabel: String
    /// The panels, left to right.
    public var panels: [Panel]
    /// Names drawn grey (the random baseline).
    public var greyNames: Set<String> = []

    /// A chart of `panels` over `x`.
    public init(title: String, subtitle: String, x: [Double], xLabel: String, yLabel: String, panels: [Panel]) {
        precondition(x.count >= 2, "A line chart needs at least two x values")
        precondition(panels.allSatisfy { $0.lines.allSatisfy { $0.values.count == x.count } }, "Every line needs one value per x")
        self.title = title
        self.subtitle = subtitle
        self.x = x
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.panels = panels
    }

    /// The chart as a standalone SVG document, `width` × `height` user units.
    /// - Complexity: O(panels × lines × x).
    public func svg(width: Double = 920, height: Double = 420) -> String {
        var document = SVGDocument(width: width, height: height, title: title)
        let names = panels.flatMap { $0.lines.map(\.name) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let colourNames = names.filter { !greyNames.contains($0) }
        let palette = ColorPalette.categorical(count: max(colourNames.count, 1))
        func colour(_ name: String) -> String {
            greyNames.contains(name) ? "#777777" : palette[(colourNames.firstIndex(of: name) ?? 0) % palette.count]
        }
        let margin = 16.0, legendWidth = 170.0
        document.addText(title, x: margin, y: margin + 16, [SVGAttribute("font-size", 18), SVGAttribute("font-weight", "bold")])
        document.addText(subtitle, x: margin, y: margin + 36, [SVGAttribute("font-size", 12), SVGAttribute("fill", "#444444")])
        let top = margin + 70, bottom = height - 48
        let panelGap = 56.0, left = margin + 44
        let panelWidth = (width - left - legendWidth - margin - panelGap * Double(panels.count - 1)) / Double(max(panels.count, 1))
        let allValues = panels.flatMap { $0.lines.flatMap { line in
            line.values.indices.flatMap { index in [line.values[index] - (line.spread?[index] ?? 0), line.values[index] + (line.spread?[index] ?? 0)] } } }
        let low = min(0, (allValues.min() ?? 0)), high = max(1, (allValues.max() ?? 1))
        let xLow = x.first!, xHigh = x.last!
        for (panelIndex, panel) in panels.enumerated() {
            let originX = left + Double(panelIndex) * (panelWidth + panelGap)
            func px(_ value: Double) -> Double { originX + (value - xLow) / (xHigh - xLow) * panelWidth }
            func py(_ value: Double) -> Double { bottom - (value - low) / (high - low) * (bottom - top) }
            document.addText(panel.title, x: originX, y: top - 10, [SVGAttribute("font-size", 13), SVGAttribute("font-weight", "bold")])
            for tick in 0...4 {
                let value = low + (high - low) * Double(tick) / 4
                document.addLine(x1: originX, y1: py(value), x2: originX + panelWidth, y2: py(value),
                                 [SVGAttribute("stroke", "#dddddd"), SVGAttribute("stroke-width", 1)])
                document.addText(NumberFormatting.decimal(value), x: originX - 6, y: py(value) + 4,
                                 [SVGAttribute("font-size", 11), SVGAttribute("text-anchor", "end")])
            }
            for tick in 0...4 {
                let value = xLow + (xHigh - xLow) * Double(tick) / 4
                document.addText(NumberFormatting.decimal(value), x: px(value), y: bottom + 16,
                                 [SVGAttribute("font-size", 11), SVGAttribute("text-anchor", "middle")])
            }
            document.addRectangle(SVGRectangle(x: originX, y: top, width: panelWidth, height: bottom - top),
                                  [SVGAttribute("fill", "none"), SVGAttribute("stroke", "#888888"), SVGAttribute("stroke-width", 1)])
            document.addText(xLabel, x: originX + panelWidth / 2, y: bottom + 34, [SVGAttribute("font-size", 12), SVGAttribute("text-anchor", "middle")])
            if panelIndex == 0 {
                document.addText(yLabel, x: margin + 4, y: (top + bottom) / 2,
                                 [SVGAttribute("font-size", 12), SVGAttribute("text-anchor", "middle"),
                                  SVGAttribute("transform", "rotate(-90 \(NumberFormatting.decimal(margin + 4)) \(NumberFormatting.decimal((top + bottom) / 2)))")])
            }
            for line in panel.lines {
                if let spread = line.spread {
                    let upper = x.indices.map { "\(NumberFormatting.decimal(px(x[$0]))),\(NumberFormatting.decimal(py(line.values[$0] + spread[$0])))" }
                    let lower = x.indices.reversed().map { "\(NumberFormatting.decimal(px(x[$0]))),\(NumberFormatting.decimal(py(line.values[$0] - spread[$0])))" }
                    document.addElement("polygon", [SVGAttribute("points", (upper + lower).joined(separator: " ")),
                                                    SVGAttribute("fill", colour(line.name)), SVGAttribute("fill-opacity", 0.25), SVGAttribute("stroke", "none")])
                }
            }
            for line in panel.lines {
                let points = x.indices.map { "\(NumberFormatting.decimal(px(x[$0]))),\(NumberFormatting.decimal(py(line.values[$0])))" }
                var attributes = [SVGAttribute("points", points.joined(separator: " ")), SVGAttribute("fill", "none"),
                                  SVGAttribute("stroke", colour(line.name)), SVGAttribute("stroke-width", 2)]
                if line.dashed { attributes.append(SVGAttribute("stroke-dasharray", "5 4")) }
                document.addElement("polyline", attributes)
            }
        }
        let legendX = width - legendWidth - margin + 12
        for (index, name) in names.enumerated() {
            let y = top + 8 + Double(index) * 20
            document.addLine(x1: legendX, y1: y - 4, x2: legendX + 22, y2: y - 4,
                             [SVGAttribute("stroke", colour(name)), SVGAttribute("stroke-width", greyNames.contains(name) ? 8 : 2),
                              SVGAttribute("stroke-opacity", greyNames.contains(name) ? 0.4 : 1)])
            document.addText(name, x: legendX + 28, y: y, [SVGAttribute("font-size", 12)])
        }
        if panels.contains(where: { $0.lines.contains(where: \.dashed) }) {
            let y = top + 8 + Double(names.count) * 20 + 10
            document.addLine(x1: legendX, y1: y - 4, x2: legendX + 22, y2: y - 4,
                             [SVGAttribute("stroke", "#333333"), SVGAttribute("stroke-width", 2), SVGAttribute("stroke-dasharray", "5 4")])
            document.addText("least relevant first", x: legendX + 28, y: y, [SVGAttribute("font-size", 12)])
        }
        return document.svg()
    }
}
