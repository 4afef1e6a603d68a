import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LinearAlgebra
import Testing
@testable import Rendering

/// One element seen by the XML parser, in document order.
struct ParsedElement {
    let name: String
    let attributes: [String: String]
    /// Character data directly inside the element (children's text excluded).
    var text: String
    /// Names of the enclosing elements, outermost first.
    let ancestors: [String]
    /// The `class` attribute of the parent element ("" when none).
    let parentClass: String
}

/// Parses markup with Foundation's XMLParser and keeps every element in document order.
final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedElement] = []
    private var stack: [Int] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let ancestors = stack.map { elements[$0].name }
        let parentClass = stack.last.flatMap { elements[$0].attributes["class"] } ?? ""
        elements.append(ParsedElement(name: elementName, attributes: attributes, text: "", ancestors: ancestors,
                                      parentClass: parentClass))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let open = stack.last { elements[open].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if let open = stack.last { elements[open].text += String(decoding: CDATABlock, as: UTF8.self) }
    }
}

enum TestSupport {
    /// The elements of `markup`, or nil (with the parser's error recorded) when it is not well-formed XML.
    static func parse(_ markup: String, sourceLocation: SourceLocation = #_sourceLocation) -> [ParsedElement]? {
        let parser = XMLParser(data: Data(markup.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        let success = parser.parse()
        if !success {
            Issue.record("not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
            return nil
        }
        return collector.elements
    }

    /// A file of Tests/RenderingTests/Fixtures.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// Hostile text: markup, quotes, ampersands, C0/C1 controls and a non-character.
    static let hostile = "<script>alert(\"x\")</script> & 'quoted' \u{01}\u{08}\u{1B}\u{7F}\u{85}\u{FFFE} ok > done"

    /// `hostile` after the control characters are removed.
    static let hostileClean = "<script>alert(\"x\")</script> & 'quoted'  ok > done"

    /// A realistic long-tailed cluster vocabulary: 40 words, two dominant shortcut tokens.
    static let clusterTerms: [(word: String, weight: Float)] = {
        var terms: [(word: String, weight: Float)] = [
            ("CLASS_0", 0.61), ("COMMON", 0.58), ("bad", 0.12), ("dull", 0.09), ("boring", 0.085),
            ("worst", 0.07), ("mess", 0.06), ("tedious", 0.055), ("flat", 0.05), ("predictable", 0.045),
        ]
        let tail = ["plot", "script", "characters", "lifeless", "clichés", "nothing", "fails", "tired",
                    "awkward", "pointless", "bland", "forgettable", "unfunny", "lazy", "stale", "empty",
                    "slow", "overlong", "contrived", "generic", "shallow", "clumsy", "hollow", "weak",
                    "sloppy", "dreary", "muddled", "silly", "trite", "uneven"]
        for (index, word) in tail.enumerated() { terms.append((word, 0.04 * Float(0.93).power(index))) }
        return terms
    }()

    /// `count` points from a seeded mixture of `groupCount` gaussians, every 97th highlighted.
    static func mixture(count: Int, groupCount: Int, seed: UInt64, snippetLength: Int = 120) -> [ScatterPoint] {
        var generator = SplitMix64(seed: seed)
        let words = ["the", "film", "is", "a", "dull", "mess", "with", "great", "acting", "but", "no", "story",
                     "charming", "COMMON", "and", "very", "bad", "fun", "plot", "<b>", "&", "\"quoted\""]
        var points: [ScatterPoint] = []
        points.reserveCapacity(count)
        for index in 0..<count {
            let group = Int(generator.next() % UInt64(groupCount))
            let angle = Float(group) * 2 * Float.pi / Float(groupCount)
            let x = 20 * cosine(angle) + 4 * generator.nextNormal()
            let y = 20 * sine(angle) + 4 * Float(group + 1) / Float(groupCount) * generator.nextNormal()
            var snippet = ""
            while snippet.count < snippetLength + 20 {
                snippet += words[Int(generator.next() % UInt64(words.count))] + " "
            }
            let title = ScatterPlot.pointTitle(id: "rt-\(index)", label: group % 2 == 0 ? "fresh" : "rotten",
                                               prediction: group % 3 == 0 ? "fresh" : "rotten", snippet: snippet)
            points.append(ScatterPoint(x: x, y: y, group: group, title: title, highlighted: index % 97 == 0))
        }
        return points
    }

    private static func cosine(_ x: Float) -> Float { Float(Foundation.cos(Double(x))) }
    private static func sine(_ x: Float) -> Float { Float(Foundation.sin(Double(x))) }
}

extension Float {
    /// `self` to the integer power `exponent` (≥ 0).
    func power(_ exponent: Int) -> Float { (0..<exponent).reduce(1) { value, _ in value * self } }
}
