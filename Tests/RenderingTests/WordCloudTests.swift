import Testing
@testable import Rendering

/// Word-cloud invariants: no overlap, inside the area, size order, nothing dropped, determinism.
@Suite("Word cloud layout")
struct WordCloudTests {
    /// Checks the layout invariants every cloud must satisfy.
    static func checkInvariants(_ layout: WordCloudLayout, input: [(word: String, weight: Float)],
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let words = layout.words
        for (index, word) in words.enumerated() {
            #expect(layout.wordArea.contains(word.box), "\(word.word) outside \(layout.wordArea)", sourceLocation: sourceLocation)
            for other in words[(index + 1)...] {
                let padded = SVGRectangle(x: other.x - layout.options.padding + 1e-9, y: other.y - layout.options.padding + 1e-9,
                                          width: other.width + 2 * layout.options.padding - 2e-9,
                                          height: other.height + 2 * layout.options.padding - 2e-9)
                #expect(!word.box.intersects(padded), "\(word.word) overlaps \(other.word)", sourceLocation: sourceLocation)
            }
        }
        // Font size order equals weight order.
        let all = words.map { (weight: $0.weight, size: $0.fontSize) }
        for a in all {
            for b in all where a.weight > b.weight {
                #expect(a.size >= b.size, "weight \(a.weight) got \(a.size) px, weight \(b.weight) got \(b.size) px",
                        sourceLocation: sourceLocation)
            }
        }
        // Nothing dropped: placed + unplaced is the input, as a multiset.
        let out = (words.map { "\($0.word)|\($0.weight)" } + layout.unplaced.map { "\($0.word)|\($0.weight)" }).sorted()
        #expect(out == input.map { "\($0.word)|\($0.weight)" }.sorted(), sourceLocation: sourceLocation)
        // The SVG parses and has one word text per placed word.
        if let elements = TestSupport.parse(layout.svg(), sourceLocation: sourceLocation) {
            let drawn = elements.filter { $0.name == "text" && $0.ancestors.last == "g" && !$0.ancestors.isEmpty
                && $0.attributes["textLength"] != nil }
            #expect(drawn.map(\.text) == words.map(\.word), sourceLocation: sourceLocation)
        }
    }

    @Test("a realistic 40-word cluster fits an 800 × 500 canvas, grown to fill it, with all invariants")
    func realistic() {
        let input = TestSupport.clusterTerms
        let layout = WordCloudLayout(words: input, width: 800, height: 500, seed: 7,
                                     title: "Cluster 2 · 312 examples (24.1%)")
        Self.checkInvariants(layout, input: input)
        #expect(layout.unplaced.isEmpty)
        #expect(layout.words.count == 40)
        #expect(layout.words.first?.word == "CLASS_0")
        #expect(layout.scale > 1 && layout.scale <= layout.options.maximumScale)
        #expect(abs(layout.words.first!.fontSize - 72 * layout.scale) < 1e-9)
        #expect(abs(layout.words.last!.fontSize - 12 * layout.scale) < 1e-9)
        // One step larger would not have fitted (or would pass the maximum scale).
        var larger = layout.options
        larger.minimumScale = 1
        larger.maximumScale = 1
        larger.minimumFontSize *= layout.scale / larger.shrinkFactor
        larger.maximumFontSize *= layout.scale / larger.shrinkFactor
        let grown = WordCloudLayout(words: input, width: 800, height: 500, seed: 7,
                                    title: "Cluster 2 · 312 examples (24.1%)", options: larger)
        #expect(!grown.unplaced.isEmpty || layout.scale / larger.shrinkFactor > layout.options.maximumScale)
        // The heaviest word sits at the centre of the word area.
        let first = layout.words[0]
        #expect(abs(first.box.x + first.width / 2 - (layout.wordArea.x + layout.wordArea.width / 2)) < 1e-6)
        // Box width is the measured advance width.
        let measured = FontMetrics.dejaVuSansBold.measure("CLASS_0", fontSize: first.fontSize)
        #expect(abs(first.width - measured.width) < 1e-9 && abs(first.height - measured.height) < 1e-9)
    }

    @Test("with growing and shrinking off, sizes run exactly from the minimum to the maximum")
    func fixedScale() {
        var options = WordCloudOptions()
        options.minimumScale = 1
        options.maximumScale = 1
        let layout = WordCloudLayout(words: TestSupport.clusterTerms, width: 800, height: 500, seed: 7, options: options)
        Self.checkInvariants(layout, input: TestSupport.clusterTerms)
        #expect(layout.scale == 1 && layout.attemptCount == 1)
        #expect(layout.words.first?.fontSize == 72 && layout.words.last?.fontSize == 12)
    }

    @Test("font size is monotone in weight on a √ scale between the minimum and maximum")
    func sizes() {
        var options = WordCloudOptions()
        options.minimumFontSize = 10
        options.maximumFontSize = 50
        let sizes = WordCloudLayout.fontSizes(for: [4, 1, 2.25, 1], options: options)
        #expect(sizes == [50, 10, 30, 10])
        #expect(WordCloudLayout.fontSizes(for: [3, 3], options: options) == [50, 50])
    }

    @Test("on a tiny canvas fonts shrink to the minimum scale and the rest is listed in the footer")
    func tinyCanvas() throws {
        let input = TestSupport.clusterTerms
        let layout = WordCloudLayout(words: input, width: 220, height: 90, seed: 3, title: "Tiny")
        Self.checkInvariants(layout, input: input)
        #expect(!layout.unplaced.isEmpty)
        #expect(layout.scale == layout.options.minimumScale)
        #expect(layout.attemptCount > 1)
        #expect(layout.totalHeight > layout.height)
        let elements = try #require(TestSupport.parse(layout.svg()))
        let start = try #require(elements.firstIndex { $0.name == "g" && $0.attributes["class"] == "unplaced" })
        let footer = elements[start...].filter { $0.name == "text" }.map(\.text).joined(separator: " ")
        for word in layout.unplaced { #expect(footer.contains(word.word), "\(word.word) missing from the footer") }
        #expect(footer.contains("\(layout.unplaced.count) words did not fit"))
    }

    @Test("a word wider than the canvas at every scale is reported, not drawn outside")
    func tooWide() {
        let input: [(word: String, weight: Float)] = [("supercalifragilisticexpialidocious", 1), ("ok", 0.5)]
        let layout = WordCloudLayout(words: input, width: 200, height: 200, seed: 1)
        Self.checkInvariants(layout, input: input)
        #expect(layout.unplaced.map(\.word) == ["supercalifragilisticexpialidocious"])
        #expect(layout.words.map(\.word) == ["ok"])
    }

    @Test("same seed gives the same bytes; another seed gives another layout")
    func determinism() {
        let input = TestSupport.clusterTerms
        let first = WordCloudLayout(words: input, width: 600, height: 400, seed: 42, title: "A")
        let second = WordCloudLayout(words: input.reversed(), width: 600, height: 400, seed: 42, title: "A")
        let other = WordCloudLayout(words: input, width: 600, height: 400, seed: 43, title: "A")
        #expect(first.svg() == second.svg())
        #expect(first.words.map(\.box) != other.words.map(\.box))
    }

    @Test("with rotation some words turn 90°, their boxes swap width and height, invariants hold")
    func rotation() {
        let input = TestSupport.clusterTerms
        var options = WordCloudOptions()
        options.allowRotation = true
        let layout = WordCloudLayout(words: input, width: 700, height: 450, seed: 5, options: options)
        Self.checkInvariants(layout, input: input)
        let rotated = layout.words.filter(\.rotated)
        #expect(!rotated.isEmpty)
        #expect(layout.words.first?.rotated == false)
        for word in rotated {
            let extent = options.font.measure(word.word, fontSize: word.fontSize)
            #expect(abs(word.height - extent.width) < 1e-9 && abs(word.width - extent.height) < 1e-9)
        }
        #expect(layout.svg().contains("rotate(-90 "))
    }

    @Test("hostile words and titles are escaped and come back intact")
    func hostileWords() throws {
        let input: [(word: String, weight: Float)] = [("<script>", 0.9), ("a&b", 0.5), ("\"quoted\"", 0.4), ("it's", 0.3)]
        let layout = WordCloudLayout(words: input, width: 500, height: 300, seed: 9, title: TestSupport.hostile)
        Self.checkInvariants(layout, input: input)
        let svg = layout.svg()
        #expect(!svg.contains("<script>"))
        let elements = try #require(TestSupport.parse(svg))
        #expect(elements.contains { $0.name == "title" && $0.text == TestSupport.hostileClean })
    }
}
