import Foundation

/// A self-contained HTML page built from sections: headings, paragraphs, text tables, inline
/// SVG figures, a search box over the scatter plots' points, and example lists.
///
/// The page has inline CSS and JavaScript only (no network access, no external URL in any
/// `src` or `href`), escapes every caller string, and is also well-formed XML (CSS and script
/// sit in CDATA sections), so it can be checked with an XML parser. The search box dims the
/// points of every `svg.scatter` (as written by `ScatterPlot`) whose snippet — the second line
/// of the point's `<title>` — does not contain the typed term, outlines those that do, and
/// does the same for the example lists; no text is duplicated for it.
public struct HTMLReport: Sendable {
    /// The page title and top heading.
    public let title: String
    /// A line under the heading ("" for none).
    public let subtitle: String
    private var body: String = ""
    private var contents: [(anchor: String, text: String)] = []

    /// An empty report.
    public init(title: String, subtitle: String = "") {
        self.title = title
        self.subtitle = subtitle
    }

    /// Adds a heading; level 2 headings are listed in the contents line at the top.
    public mutating func addHeading(_ text: String, level: Int = 2) {
        precondition((2...4).contains(level), "HTMLReport: heading level must be 2...4, got \(level)")
        let anchor = "section-\(contents.count + 1)"
        if level == 2 {
            contents.append((anchor, text))
            body += "<h2 id=\"\(anchor)\">"
        } else {
            body += "<h\(level)>"
        }
        MarkupEscaping.appendText(text, to: &body)
        body += "</h\(level)>\n"
    }

    /// Adds a paragraph of plain text.
    public mutating func addParagraph(_ text: String) {
        MarkupEscaping.appendElement("p", text: text, to: &body)
    }

    /// Adds pre-formatted text, e.g. a table printed by the CLI, with an optional caption.
    public mutating func addPreformatted(_ text: String, caption: String = "") {
        body += "<figure class=\"text\">"
        appendCaption(caption)
        body += "<pre>"
        MarkupEscaping.appendText(text, to: &body)
        body += "</pre></figure>\n"
    }

    /// Adds an HTML table; `rows` may be ragged (missing cells are left empty).
    public mutating func addTable(header: [String], rows: [[String]], caption: String = "") {
        body += "<table>"
        if !caption.isEmpty {
            body += "<caption>"
            MarkupEscaping.appendText(caption, to: &body)
            body += "</caption>"
        }
        body += "<thead><tr>"
        for cell in header {
            body += "<th>"
            MarkupEscaping.appendText(cell, to: &body)
            body += "</th>"
        }
        body += "</tr></thead>\n<tbody>\n"
        for row in rows {
            body += "<tr>"
            for column in 0..<max(header.count, row.count) {
                body += "<td>"
                if column < row.count { MarkupEscaping.appendText(row[column], to: &body) }
                body += "</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody></table>\n"
    }

    /// Adds an SVG figure inline. `svg` must be a well-formed `<svg>` document such as
    /// `ScatterPlot.svg()` or `WordCloudLayout.svg()` (an XML declaration is dropped).
    public mutating func addSVG(_ svg: String, caption: String = "") {
        body += "<figure class=\"svg\">"
        body += Self.inlineSVG(svg)
        appendCaption(caption)
        body += "</figure>\n"
    }

    /// Adds several SVG figures side by side (wrapping on narrow screens), e.g. word clouds.
    public mutating func addSVGGrid(_ figures: [(svg: String, caption: String)]) {
        body += "<div class=\"grid\">\n"
        for figure in figures {
            body += "<figure class=\"svg\">"
            body += Self.inlineSVG(figure.svg)
            appendCaption(figure.caption)
            body += "</figure>\n"
        }
        body += "</div>\n"
    }

    /// Adds the search box (at most one per page is useful): typing a term marks the scatter
    /// points and listed examples whose text contains it and dims the rest.
    public mutating func addSearchBox(label: String = "Find a word in the texts") {
        body += "<div class=\"search\"><label for=\"search\">"
        MarkupEscaping.appendText(label, to: &body)
        body += "</label> <input id=\"search\" type=\"search\" autocomplete=\"off\" placeholder=\"e.g. dull\"/>"
        body += " <span id=\"search-status\" aria-live=\"polite\"></span></div>\n"
    }

    /// Adds a list of example texts with their ids, details and marked terms.
    public mutating func addExamples(_ examples: [ReportExample]) {
        body += "<ol class=\"examples\">\n"
        for example in examples {
            body += "<li class=\"example\"><span class=\"id\">"
            MarkupEscaping.appendText(example.id, to: &body)
            body += "</span>"
            if !example.detail.isEmpty {
                body += " <span class=\"detail\">"
                MarkupEscaping.appendText(example.detail, to: &body)
                body += "</span>"
            }
            body += "<div class=\"text\">"
            Self.appendMarked(example.text, terms: example.markedTerms, to: &body)
            body += "</div></li>\n"
        }
        body += "</ol>\n"
    }

    /// The finished page.
    public func html() -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>"
        MarkupEscaping.appendText(title, to: &page)
        page += "</title>\n<style>/*<![CDATA[*/\n" + Self.styleSheet + "/*]]>*/</style>\n</head>\n<body>\n<header><h1>"
        MarkupEscaping.appendText(title, to: &page)
        page += "</h1>"
        if !subtitle.isEmpty {
            page += "<p class=\"subtitle\">"
            MarkupEscaping.appendText(subtitle, to: &page)
            page += "</p>"
        }
        if contents.count > 1 {
            page += "<nav>"
            for (index, entry) in contents.enumerated() {
                if index > 0 { page += " · " }
                page += "<a href=\"#\(entry.anchor)\">"
                MarkupEscaping.appendText(entry.text, to: &page)
                page += "</a>"
            }
            page += "</nav>"
        }
        page += "</header>\n<main>\n" + body + "</main>\n"
        page += "<script>//<![CDATA[\n" + Self.script + "//]]>\n</script>\n</body>\n</html>\n"
        return page
    }

    private mutating func appendCaption(_ caption: String) {
        guard !caption.isEmpty else { return }
        body += "<figcaption>"
        MarkupEscaping.appendText(caption, to: &body)
        body += "</figcaption>"
    }

    /// `svg` without an XML declaration or doctype, starting at `<svg`.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else {
            preconditionFailure("HTMLReport: addSVG needs an <svg> document")
        }
        return String(svg[start.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first case-insensitive occurrence of `term` at or after `start` that is a whole word:
    /// a term that begins (ends) with a letter or digit must not be preceded (followed) by one,
    /// so "a" is not marked inside "drama".
    static func firstWholeWord(_ term: String, in text: String, from start: String.Index) -> Range<String.Index>? {
        var searchStart = start
        while searchStart < text.endIndex,
              let found = text.range(of: term, options: [.caseInsensitive], range: searchStart..<text.endIndex) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
            let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
            let startsWord = term.first.map { $0.isLetter || $0.isNumber } ?? false
            let endsWord = term.last.map { $0.isLetter || $0.isNumber } ?? false
            let clearBefore = !startsWord || !(before.isLetter || before.isNumber)
            let clearAfter = !endsWord || !(after.isLetter || after.isNumber)
            if clearBefore && clearAfter { return found }
            searchStart = text.index(after: found.lowerBound)
        }
        return nil
    }

    /// Appends `text` escaped, with every case-insensitive whole-word occurrence of a term in `<mark>`.
    static func appendMarked(_ text: String, terms: [String], to output: inout String) {
        let wanted = terms.filter { !$0.isEmpty }
        guard !wanted.isEmpty else {
            MarkupEscaping.appendText(text, to: &output)
            return
        }
        var position = text.startIndex
        while position < text.endIndex {
            var best: Range<String.Index>?
            for term in wanted {
                if let found = firstWholeWord(term, in: text, from: position),
                   best == nil || found.lowerBound < best!.lowerBound
                    || (found.lowerBound == best!.lowerBound && found.upperBound > best!.upperBound) {
                    best = found
                }
            }
            guard let match = best else { break }
            MarkupEscaping.appendText(String(text[position..<match.lowerBound]), to: &output)
            output += "<mark>"
            MarkupEscaping.appendText(String(text[match]), to: &output)
            output += "</mark>"
            position = match.upperBound
        }
        MarkupEscaping.appendText(String(text[position...]), to: &output)
    }
}
