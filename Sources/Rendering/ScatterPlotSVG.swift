extension ScatterPlot {
    /// Where the parts of the plot go, computed from the canvas size and the legend's text.
    struct Geometry {
        var frame: SVGRectangle
        var legend: SVGRectangle
        var titleBaseline: Double
        var subtitleBaseline: Double
        var noteBaseline: Double
        var legendRowCount: Int
    }

    static let margin = 16.0
    static let titleFontSize = 18.0
    static let subtitleFontSize = 13.0
    static let legendFontSize = 12.0
    static let legendRowHeight = 20.0
    static let noteFontSize = 11.0

    /// The legend lines: one per group with its count, then the highlighted count if any.
    var legendEntries: [(text: String, className: String)] {
        let counts = groupCounts
        var entries = groupNames.indices.map { (text: "\(groupNames[$0]) (\(NumberFormatting.count(counts[$0])))",
                                                className: "g\($0)") }
        let highlightedCount = points.reduce(0) { $0 + ($1.highlighted ? 1 : 0) }
        if highlightedCount > 0 {
            entries.append((text: "highlighted (\(NumberFormatting.count(highlightedCount)))", className: "hl"))
        }
        return entries
    }

    func geometry() -> Geometry {
        let font = FontMetrics.dejaVuSans
        let margin = Self.margin
        let titleBaseline = margin + Self.titleFontSize
        let subtitleBaseline = titleBaseline + (subtitle.isEmpty ? 0 : Self.subtitleFontSize + 6)
        let top = subtitleBaseline + 14
        let noteBaseline = height - margin
        let bottom = noteBaseline - Self.noteFontSize - 8
        let widest = legendEntries.map { font.width(of: $0.text, fontSize: Self.legendFontSize) }.max() ?? 0
        let legendWidth = min(max(widest + 32, 120), width * 0.32)
        let legend = SVGRectangle(x: width - margin - legendWidth, y: top, width: legendWidth, height: bottom - top)
        let frame = SVGRectangle(x: margin, y: top, width: legend.x - 12 - margin, height: bottom - top)
        let rowCount = max(1, Int((legend.height - 8) / Self.legendRowHeight))
        return Geometry(frame: frame, legend: legend, titleBaseline: titleBaseline, subtitleBaseline: subtitleBaseline,
                        noteBaseline: noteBaseline, legendRowCount: rowCount)
    }

    /// The plot as a standalone SVG document (also fit for inline use in HTML).
    /// - Complexity: O(n) in the number of points.
    public func svg() -> String {
        let layout = geometry()
        let font = FontMetrics.dejaVuSans
        var document = SVGDocument(width: width, height: height, title: title.isEmpty ? "Scatter plot" : title,
                                   className: "scatter", identifier: identifier)
        document.reserveCapacity(points.count * 90 + points.reduce(0) { $0 + $1.title.utf8.count } + 4096)
        let radius = pointRadius
        var css = "#\(identifier) circle{fill-opacity:0.7}"
        for (index, colour) in palette.enumerated() { css += "#\(identifier) .g\(index){fill:\(colour)}" }
        css += "#\(identifier) .hl{fill-opacity:1;stroke:#111111;stroke-width:1.2}"
        css += "#\(identifier) .dim{fill-opacity:0.08;stroke-opacity:0.15}"
        css += "#\(identifier) .found{fill-opacity:1;stroke:#111111;stroke-width:1.5}"
        document.addStyleSheet(css)
        document.addRectangle(SVGRectangle(x: 0, y: 0, width: width, height: height), [SVGAttribute("fill", "#FFFFFF")])

        let textWidth = width - 2 * Self.margin
        document.addText(font.truncated(title, fontSize: Self.titleFontSize, maximumWidth: textWidth),
                         x: Self.margin, y: layout.titleBaseline,
                         [SVGAttribute("font-size", Self.titleFontSize), SVGAttribute("font-weight", "bold"),
                          SVGAttribute("fill", "#222222")])
        if !subtitle.isEmpty {
            document.addText(font.truncated(subtitle, fontSize: Self.subtitleFontSize, maximumWidth: textWidth),
                             x: Self.margin, y: layout.subtitleBaseline,
                             [SVGAttribute("font-size", Self.subtitleFontSize), SVGAttribute("fill", "#555555")])
        }
        document.addRectangle(layout.frame, [SVGAttribute("fill", "none"), SVGAttribute("stroke", "#BBBBBB")])
        let pointCountText = NumberFormatting.count(points.count) + (points.count == 1 ? " point" : " points")
        document.addText(font.truncated(note, fontSize: Self.noteFontSize, maximumWidth: layout.frame.width * 0.7),
                         x: layout.frame.x, y: layout.noteBaseline,
                         [SVGAttribute("font-size", Self.noteFontSize), SVGAttribute("fill", "#666666")])
        document.addText(pointCountText, x: layout.frame.maxX, y: layout.noteBaseline,
                         [SVGAttribute("font-size", Self.noteFontSize), SVGAttribute("fill", "#666666"),
                          SVGAttribute("text-anchor", "end")])

        appendPoints(to: &document, frame: layout.frame, radius: radius)
        appendLegend(to: &document, layout: layout, radius: radius)
        return document.svg()
    }

    /// Writes every circle: ordinary points in input order, then highlighted ones.
    private func appendPoints(to document: inout SVGDocument, frame: SVGRectangle, radius: Double) {
        var minimumX = Float.infinity, maximumX = -Float.infinity
        var minimumY = Float.infinity, maximumY = -Float.infinity
        for point in points {
            minimumX = min(minimumX, point.x); maximumX = max(maximumX, point.x)
            minimumY = min(minimumY, point.y); maximumY = max(maximumY, point.y)
        }
        let inset = radius * 1.6 + 4
        let spanX = points.isEmpty ? 1 : max(Double(maximumX) - Double(minimumX), 1e-9)
        let spanY = points.isEmpty ? 1 : max(Double(maximumY) - Double(minimumY), 1e-9)
        let scale = min((frame.width - 2 * inset) / spanX, (frame.height - 2 * inset) / spanY)
        let middleX = points.isEmpty ? 0 : (Double(maximumX) + Double(minimumX)) / 2
        let middleY = points.isEmpty ? 0 : (Double(maximumY) + Double(minimumY)) / 2
        let centreX = frame.x + frame.width / 2, centreY = frame.y + frame.height / 2

        var markup = ""
        markup.reserveCapacity(points.count * 90 + points.reduce(0) { $0 + $1.title.utf8.count })
        let radiusText = NumberFormatting.decimal(radius, decimals: 1)
        let highlightedRadiusText = NumberFormatting.decimal(radius * 1.6, decimals: 1)
        for pass in [false, true] {
            markup += pass ? "<g class=\"highlighted\">\n" : "<g class=\"points\">\n"
            for point in points where point.highlighted == pass {
                markup += pass ? "<circle class=\"g\(point.group) hl\" cx=\"" : "<circle class=\"g\(point.group)\" cx=\""
                NumberFormatting.appendDecimal(centreX + (Double(point.x) - middleX) * scale, decimals: 1, to: &markup)
                markup += "\" cy=\""
                NumberFormatting.appendDecimal(centreY - (Double(point.y) - middleY) * scale, decimals: 1, to: &markup)
                markup += "\" r=\""
                markup += pass ? highlightedRadiusText : radiusText
                if point.title.isEmpty {
                    markup += "\"/>\n"
                } else {
                    markup += "\"><title>"
                    MarkupEscaping.appendText(point.title, to: &markup)
                    markup += "</title></circle>\n"
                }
            }
            markup += "</g>\n"
        }
        document.appendRawMarkup(markup)
    }

    /// Writes the legend: a swatch and "name (count)" per group, "+N more" when rows run out.
    private func appendLegend(to document: inout SVGDocument, layout: Geometry, radius: Double) {
        let font = FontMetrics.dejaVuSans
        var entries = legendEntries
        if entries.count > layout.legendRowCount {
            let shown = max(layout.legendRowCount - 1, 0)
            let hidden = entries.count - shown
            entries = Array(entries.prefix(shown)) + [(text: "+\(hidden) more", className: "")]
        }
        document.beginGroup([SVGAttribute("class", "legend"), SVGAttribute("font-size", Self.legendFontSize),
                             SVGAttribute("fill", "#222222")])
        let swatchX = layout.legend.x + 10
        let textX = layout.legend.x + 22
        let maximumTextWidth = layout.legend.maxX - textX
        for (row, entry) in entries.enumerated() {
            let centreY = layout.legend.y + 12 + Self.legendRowHeight * Double(row)
            if !entry.className.isEmpty {
                document.addCircle(centerX: swatchX, centerY: centreY, radius: max(radius * 1.6, 5),
                                   [SVGAttribute("class", entry.className)]
                                   + (entry.className == "hl" ? [SVGAttribute("fill", "#FFFFFF")] : []))
            }
            document.addText(font.truncated(entry.text, fontSize: Self.legendFontSize, maximumWidth: maximumTextWidth),
                             x: textX, y: centreY + 4)
        }
        document.endGroup()
    }
}
