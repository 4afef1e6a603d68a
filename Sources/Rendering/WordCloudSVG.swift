extension WordCloudLayout {
    /// Font size (px) of the footer that lists words left out.
    static let footerFontSize = 12.0

    /// The footer lines listing `unplaced` (empty when every word was placed).
    public var footerLines: [String] {
        guard !unplaced.isEmpty else { return [] }
        let names = unplaced.map(\.word)
        let lead = unplaced.count == 1 ? "1 word did not fit: " : "\(unplaced.count) words did not fit: "
        let available = max(width - 2 * options.margin, 1)
        var lines: [String] = []
        var line = lead
        for (index, name) in names.enumerated() {
            let piece = name + (index + 1 < names.count ? "," : "")
            let candidate = line.hasSuffix(" ") || line.isEmpty ? line + piece : line + " " + piece
            if options.labelFont.width(of: candidate, fontSize: Self.footerFontSize) <= available || line.isEmpty
                || line == lead {
                line = candidate
            } else {
                lines.append(line)
                line = piece
            }
        }
        lines.append(line)
        return lines.map { options.labelFont.truncated($0, fontSize: Self.footerFontSize, maximumWidth: available) }
    }

    /// Total SVG height: the canvas plus the footer when words were left out.
    public var totalHeight: Double {
        let lines = footerLines
        guard !lines.isEmpty else { return height }
        return height + Double(lines.count) * Self.footerFontSize * 1.4 + options.margin
    }

    /// The cloud as a standalone SVG document: white background, title line, one `<text>` per
    /// word (with a `<title>` tooltip giving its weight, and `textLength` fixing its drawn width
    /// to the measured one so that a fallback font cannot make words overlap), footer list.
    public func svg() -> String {
        let lines = footerLines
        let fullHeight = totalHeight
        var document = SVGDocument(width: width, height: fullHeight,
                                   title: title.isEmpty ? "Word cloud" : title, className: "wordcloud")
        document.addRectangle(SVGRectangle(x: 0, y: 0, width: width, height: fullHeight), [SVGAttribute("fill", "#FFFFFF")])
        if !title.isEmpty {
            let shown = options.labelFont.truncated(title, fontSize: options.titleFontSize,
                                                    maximumWidth: max(width - 2 * options.margin, 1))
            document.addText(shown, x: width / 2, y: options.margin + options.titleFontSize, [
                SVGAttribute("font-size", options.titleFontSize), SVGAttribute("text-anchor", "middle"),
                SVGAttribute("fill", "#333333"),
            ])
        }
        document.beginGroup(options.font.isBold ? [SVGAttribute("font-weight", "bold")] : [])
        for word in words {
            var attributes = [
                SVGAttribute("font-size", word.fontSize), SVGAttribute("fill", word.color),
                SVGAttribute("textLength", word.textWidth), SVGAttribute("lengthAdjust", "spacingAndGlyphs"),
            ]
            if word.rotated {
                attributes.append(SVGAttribute("transform", "rotate(-90 " + NumberFormatting.decimal(word.baselineX)
                                                + " " + NumberFormatting.decimal(word.baselineY) + ")"))
            }
            document.addText(word.word, x: word.baselineX, y: word.baselineY, attributes,
                             title: word.word + ": " + NumberFormatting.significant(Double(word.weight)))
        }
        document.endGroup()
        if !lines.isEmpty {
            document.beginGroup([SVGAttribute("class", "unplaced"), SVGAttribute("font-size", Self.footerFontSize),
                                 SVGAttribute("fill", "#555555")])
            for (index, line) in lines.enumerated() {
                document.addText(line, x: options.margin, y: height + Self.footerFontSize * (1.0 + 1.4 * Double(index)))
            }
            document.endGroup()
        }
        return document.svg()
    }
}
