import Testing
@testable import Rendering

/// The self-contained HTML report.
@Suite("HTML report")
struct HTMLReportTests {
    static func sampleReport() -> HTMLReport {
        var report = HTMLReport(title: "Salience report <test>", subtitle: TestSupport.hostile)
        report.addHeading("Clusters")
        report.addParagraph("Five clusters & one shortcut: " + TestSupport.hostile)
        report.addPreformatted("cluster  size  terms\n0        312   CLASS_0 <b> & more", caption: "k-means")
        report.addTable(header: ["cluster", "size"], rows: [["0", "312"], ["1 <i>", "a & b", "extra"], ["2"]],
                        caption: "Sizes")
        let cloud = WordCloudLayout(words: TestSupport.clusterTerms, width: 500, height: 300, seed: 1, title: "Cluster 0")
        report.addSVGGrid([(cloud.svg(), "Cluster 0 <words>"), (cloud.svg(), "again")])
        report.addHeading("Map")
        report.addSearchBox()
        let points = TestSupport.mixture(count: 300, groupCount: 3, seed: 4)
        report.addSVG(ScatterPlot(points: points, groupNames: ["a", "b", "c"], title: "Map").svg(), caption: "t-SNE")
        report.addHeading("Examples", level: 3)
        report.addExamples([
            ReportExample(id: "rt-1", text: "A DULL film, truly dull. <script>alert(1)</script>", detail: "fresh → rotten",
                          markedTerms: ["dull", "<script>"]),
            ReportExample(id: "rt-2 & co", text: TestSupport.hostile),
        ])
        return report
    }

    @Test("the page parses as XML and holds every part")
    func parses() throws {
        let html = Self.sampleReport().html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let elements = try #require(TestSupport.parse(html))
        #expect(elements.first?.name == "html")
        #expect(elements.filter { $0.name == "svg" }.count == 3)
        #expect(elements.contains { $0.name == "input" && $0.attributes["id"] == "search" })
        #expect(elements.filter { $0.name == "li" }.count == 2)
        #expect(elements.first { $0.name == "title" }?.text == "Salience report <test>")
        #expect(elements.contains { $0.name == "p" && $0.text == "Five clusters & one shortcut: " + TestSupport.hostileClean })
        let cells = elements.filter { $0.name == "td" }.map(\.text)
        #expect(cells == ["0", "312", "1 <i>", "a & b", "extra", "2", ""])
        let script = try #require(elements.first { $0.name == "script" })
        #expect(script.text.contains("svg.scatter circle"))
    }

    @Test("no external resources: no http(s) URL in any src or href, no <link>, no remote script")
    func selfContained() throws {
        let html = Self.sampleReport().html()
        let elements = try #require(TestSupport.parse(html))
        for element in elements {
            for key in ["src", "href", "xlink:href"] {
                if let value = element.attributes[key] {
                    #expect(!value.contains("://") && !value.hasPrefix("//"), "\(element.name) \(key)=\(value)")
                }
            }
        }
        #expect(!elements.contains { $0.name == "link" || $0.name == "img" || $0.name == "iframe" })
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url("))
        #expect(!html.contains("@import"))
    }

    @Test("hostile text is escaped everywhere; marked terms are wrapped case-insensitively")
    func escaping() throws {
        let html = Self.sampleReport().html()
        #expect(html.components(separatedBy: "<script>").count == 2)  // only the page's own script
        #expect(html.contains("A <mark>DULL</mark> film, truly <mark>dull</mark>. <mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;"))
        let elements = try #require(TestSupport.parse(html))
        #expect(elements.contains { $0.name == "span" && $0.text == "rt-2 & co" })
        #expect(elements.contains { $0.name == "div" && $0.attributes["class"] == "text" && $0.text == TestSupport.hostileClean })
    }

    @Test("contents links only point inside the page")
    func contents() throws {
        let elements = try #require(TestSupport.parse(Self.sampleReport().html()))
        let links = elements.filter { $0.name == "a" }
        #expect(links.map(\.text) == ["Clusters", "Map"])
        for link in links {
            let target = String(link.attributes["href"]!.dropFirst())
            #expect(elements.contains { $0.attributes["id"] == target })
        }
    }
}

@Suite("Marked terms")
struct MarkedTermTests {
    @Test("terms are marked as whole words only, whatever their case")
    func wholeWords() {
        var output = ""
        HTMLReport.appendMarked("A drama, a Dull film; dullness aside, a dull-eyed cast.", terms: ["a", "dull"], to: &output)
        #expect(output == "<mark>A</mark> drama, <mark>a</mark> <mark>Dull</mark> film; dullness aside, <mark>a</mark> <mark>dull</mark>-eyed cast.")
    }
}
