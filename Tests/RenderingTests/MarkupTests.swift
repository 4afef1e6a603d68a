import Testing
@testable import Rendering

/// Escaping, number formatting and the SVG writer.
@Suite("Markup and SVG writer")
struct MarkupTests {
    @Test("text escaping: markup and ampersands become entities, control characters disappear")
    func textEscaping() {
        #expect(MarkupEscaping.escapeText("a < b & c > d \"q\"") == "a &lt; b &amp; c &gt; d \"q\"")
        #expect(MarkupEscaping.escapeText("x\u{00}y\u{1F}z\u{7F}\u{9F}w\u{FFFF}") == "xyzw")
        #expect(MarkupEscaping.escapeText("tab\tline\nend") == "tab\tline\nend")
        #expect(MarkupEscaping.escapeText("café — naïve €") == "café — naïve €")
    }

    @Test("attribute escaping: quotes and line breaks become references")
    func attributeEscaping() {
        #expect(MarkupEscaping.escapeAttribute("say \"hi\" & 'bye'<>") == "say &quot;hi&quot; &amp; &#39;bye&#39;&lt;&gt;")
        #expect(MarkupEscaping.escapeAttribute("a\nb\tc\u{0B}") == "a&#10;b&#9;c")
    }

    @Test("numbers: at most the requested decimals, no trailing zeros, no negative zero")
    func numbers() {
        #expect(NumberFormatting.decimal(1.0000001) == "1")
        #expect(NumberFormatting.decimal(2.5) == "2.5")
        #expect(NumberFormatting.decimal(-0.004) == "0")
        #expect(NumberFormatting.decimal(-12.345, decimals: 1) == "-12.3")
        #expect(NumberFormatting.decimal(0.05, decimals: 2) == "0.05")
        #expect(NumberFormatting.decimal(1234567.891) == "1234567.89")
        #expect(NumberFormatting.decimal(0.999, decimals: 2) == "1")
        #expect(NumberFormatting.decimal(7, decimals: 0) == "7")
        #expect(NumberFormatting.significant(0.000123456) == "0.000123")
        #expect(NumberFormatting.significant(0.61) == "0.61")
        #expect(NumberFormatting.count(1234567) == "1,234,567")
        #expect(NumberFormatting.count(999) == "999")
        #expect(NumberFormatting.percent(0.2413) == "24.1%")
        #expect(NumberFormatting.percent(0.5) == "50.0%")
    }

    @Test("an SVG document with hostile text parses and gives the text back without control characters")
    func hostileDocument() throws {
        var document = SVGDocument(width: 200, height: 100, title: TestSupport.hostile)
        document.beginGroup([SVGAttribute("data-note", TestSupport.hostile)])
        document.addText(TestSupport.hostile, x: 10, y: 20, title: TestSupport.hostile)
        document.addCircle(centerX: 1.0000001, centerY: 2.345, radius: 3)
        document.endGroup()
        let svg = document.svg()
        #expect(!svg.contains("<script>"))
        let elements = try #require(TestSupport.parse(svg))
        #expect(elements.first?.name == "svg")
        #expect(elements.first?.attributes["viewBox"] == "0 0 200 100")
        #expect(elements.first?.attributes["font-family"] == "DejaVu Sans, Verdana, Arial, sans-serif")
        let group = try #require(elements.first { $0.name == "g" })
        #expect(group.attributes["data-note"] == TestSupport.hostileClean)
        let text = try #require(elements.first { $0.name == "text" })
        #expect(text.text == TestSupport.hostileClean)
        let titles = elements.filter { $0.name == "title" }
        #expect(titles.count == 2)
        #expect(titles.allSatisfy { $0.text == TestSupport.hostileClean })
        #expect(titles.last?.ancestors.last == "text")
        let circle = try #require(elements.first { $0.name == "circle" })
        #expect(circle.attributes["cx"] == "1" && circle.attributes["cy"] == "2.35" && circle.attributes["r"] == "3")
    }

    @Test("equal input gives equal bytes")
    func deterministic() {
        func build() -> String {
            var document = SVGDocument(width: 50, height: 40)
            document.addRectangle(SVGRectangle(x: 0.1, y: 0.2, width: 10.333, height: 5), [SVGAttribute("fill", "#FFF")])
            document.addText("hello", x: 1, y: 2, [SVGAttribute("font-size", 12.5)])
            return document.svg()
        }
        #expect(build() == build())
        #expect(build().contains("<rect x=\"0.1\" y=\"0.2\" width=\"10.33\" height=\"5\" fill=\"#FFF\"/>"))
    }

    @Test("categorical palettes: Okabe–Ito up to 8 groups, 20 distinct Tableau colours up to 20")
    func palettes() {
        #expect(ColorPalette.categorical(count: 3) == Array(ColorPalette.okabeIto.prefix(3)))
        #expect(Set(ColorPalette.categorical(count: 20)).count == 20)
        #expect(ColorPalette.categorical(count: 12).allSatisfy { ColorPalette.tableau20.contains($0) })
    }
}
