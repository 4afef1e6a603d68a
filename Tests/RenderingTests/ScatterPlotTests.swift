import Testing
@testable import Rendering

/// The scatter plot: one circle per point, highlighted last, legend counts, size budget.
@Suite("Scatter plot")
struct ScatterPlotTests {
    static let groupNames = ["cluster 0", "cluster 1", "cluster 2", "cluster 3"]

    /// The data points' circles (not the legend swatches), in drawing order.
    static func pointCircles(_ elements: [ParsedElement]) -> [ParsedElement] {
        elements.filter { $0.name == "circle" && ($0.parentClass == "points" || $0.parentClass == "highlighted") }
    }

    @Test("one circle with a title per point, highlighted ones after all others, legend counts")
    func structure() throws {
        let points = TestSupport.mixture(count: 500, groupCount: 4, seed: 11)
        let plot = ScatterPlot(points: points, groupNames: Self.groupNames, title: "t-SNE map", subtitle: "500 examples")
        let elements = try #require(TestSupport.parse(plot.svg()))
        let pointCircles = Self.pointCircles(elements)
        #expect(pointCircles.count == 500)
        let highlightedPositions = pointCircles.indices.filter { pointCircles[$0].attributes["class"]!.hasSuffix(" hl") }
        #expect(highlightedPositions.count == points.filter(\.highlighted).count)
        #expect(highlightedPositions.first == 500 - highlightedPositions.count)
        // Titles come back unchanged (escaping round trip) and in drawing order.
        let titles = elements.filter { $0.name == "title" && $0.ancestors.last == "circle" }.map(\.text)
        let expectedOrder = points.filter { !$0.highlighted }.map(\.title) + points.filter(\.highlighted).map(\.title)
        #expect(titles == expectedOrder)
        // Colour class matches the group.
        let ordinary = points.filter { !$0.highlighted }
        #expect(zip(pointCircles, ordinary).allSatisfy { $0.attributes["class"] == "g\($1.group)" })
        // Legend: one line per group with its count, plus the highlighted count.
        let legendTexts = elements.filter { $0.name == "text" && $0.parentClass == "legend" }.map(\.text)
        let counts = plot.groupCounts
        #expect(counts.reduce(0, +) == 500)
        for (index, name) in Self.groupNames.enumerated() {
            #expect(legendTexts.contains("\(name) (\(counts[index]))"))
        }
        #expect(legendTexts.contains("highlighted (\(highlightedPositions.count))"))
        // No numeric ticks, but the note.
        #expect(elements.contains { $0.name == "text" && $0.text == "t-SNE axes have no units" })
        // All points inside the frame.
        let frame = try #require(elements.first { $0.name == "rect" && $0.attributes["fill"] == "none" })
        let left = Double(frame.attributes["x"]!)!, top = Double(frame.attributes["y"]!)!
        let right = left + Double(frame.attributes["width"]!)!, bottom = top + Double(frame.attributes["height"]!)!
        for circle in pointCircles {
            let x = Double(circle.attributes["cx"]!)!, y = Double(circle.attributes["cy"]!)!
            #expect(x > left && x < right && y > top && y < bottom)
        }
    }

    @Test("axes keep one scale: a wide cloud fills the width, not the height")
    func aspect() throws {
        let points = (0..<50).map { ScatterPoint(x: Float($0), y: Float($0 % 2), group: 0, title: "p\($0)") }
        let plot = ScatterPlot(points: points, groupNames: ["all"], title: "wide")
        let elements = try #require(TestSupport.parse(plot.svg()))
        let circles = Self.pointCircles(elements)
        let xs = circles.map { Double($0.attributes["cx"]!)! }, ys = circles.map { Double($0.attributes["cy"]!)! }
        let spanX = xs.max()! - xs.min()!, spanY = ys.max()! - ys.min()!
        #expect(abs(spanX / spanY - 49) < 1)
    }

    @Test("point titles: id, label → prediction, then a snippet of at most 120 characters")
    func pointTitle() {
        let long = String(repeating: "word ", count: 60)
        let title = ScatterPlot.pointTitle(id: "rt-7", label: "fresh", prediction: "rotten", snippet: "  A \n dull\tfilm " + long)
        let lines = title.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2)
        #expect(lines[0] == "rt-7 · fresh → rotten")
        #expect(lines[1].hasPrefix("A dull film word"))
        #expect(lines[1].count <= 120 && lines[1].hasSuffix("…"))
        #expect(ScatterPlot.pointTitle(id: "1", label: "a", prediction: "b", snippet: "short") == "1 · a → b\nshort")
    }

    @Test("more than eight groups use Tableau colours; the legend stays inside the canvas")
    func manyGroups() throws {
        let names = (0..<30).map { "a rather long group name number \($0)" }
        let points = (0..<300).map { ScatterPoint(x: Float($0 % 17), y: Float($0 % 13), group: $0 % 30, title: "") }
        let plot = ScatterPlot(points: points, groupNames: names, title: "many", width: 640, height: 400)
        #expect(Set(plot.palette.prefix(20)).count == 20)
        let elements = try #require(TestSupport.parse(plot.svg()))
        let legend = elements.filter { $0.name == "text" && $0.parentClass == "legend" }
        #expect(legend.contains { $0.text.hasPrefix("+") && $0.text.hasSuffix("more") })
        let font = FontMetrics.dejaVuSans
        for text in legend {
            let x = Double(text.attributes["x"]!)!, y = Double(text.attributes["y"]!)!
            #expect(x + font.width(of: text.text, fontSize: 12) <= 640 && y <= 400)
        }
    }

    @Test("a 10,000-point plot with 120-character snippets stays under 3 MB")
    func size() throws {
        let points = TestSupport.mixture(count: 10_000, groupCount: 5, seed: 1)
        let svg = ScatterPlot(points: points, groupNames: ["a", "b", "c", "d", "e"], title: "10k").svg()
        #expect(svg.utf8.count < 3_000_000)
        let circleCount = svg.components(separatedBy: "<circle").count - 1
        #expect(circleCount == 10_000 + 5 + 1)  // points, legend swatches, highlighted swatch
    }

    @Test("same points, same bytes")
    func determinism() {
        let points = TestSupport.mixture(count: 200, groupCount: 3, seed: 2)
        let first = ScatterPlot(points: points, groupNames: ["x", "y", "z"], title: "d").svg()
        let second = ScatterPlot(points: points, groupNames: ["x", "y", "z"], title: "d").svg()
        #expect(first == second)
    }
}
