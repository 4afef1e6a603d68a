import Foundation
import Testing
@testable import Rendering

/// The committed DejaVu Sans tables against the font files and the reference script's values.
@Suite("Font metrics")
struct FontMetricsTests {
    static let regularPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    static let boldPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    static let fontsInstalled = FileManager.default.fileExists(atPath: regularPath)
        && FileManager.default.fileExists(atPath: boldPath)

    @Test("'W' is wider than 'i', and widths add up: sum of advances × size / unitsPerEm")
    func widths() {
        let font = FontMetrics.dejaVuSans
        #expect(font.width(of: "W", fontSize: 20) > 2 * font.width(of: "i", fontSize: 20))
        #expect(font.width(of: "W", fontSize: 2048) == 2025)
        #expect(font.width(of: "Wi", fontSize: 16) == (2025 + 569) * 16.0 / 2048)
        #expect(font.width(of: "", fontSize: 16) == 0)
        #expect(font.width(of: "a\u{01}b", fontSize: 16) == font.width(of: "ab", fontSize: 16))
        #expect(FontMetrics.dejaVuSansBold.width(of: "word", fontSize: 30) > font.width(of: "word", fontSize: 30))
    }

    @Test("uncovered characters count one em with the full ascender and descender")
    func fallback() {
        let font = FontMetrics.dejaVuSans
        let extent = font.measure("猫", fontSize: 20)
        #expect(extent.width == 20)
        #expect(abs(extent.ascent - 1901.0 * 20 / 2048) < 1e-9)
        #expect(abs(extent.descent - 483.0 * 20 / 2048) < 1e-9)
    }

    @Test("ink extent: 'g' and 'y' descend, round letters only overshoot, accents rise above cap height")
    func inkExtent() {
        let font = FontMetrics.dejaVuSans
        #expect(font.measure("ace", fontSize: 20).descent < 0.5)
        #expect(font.measure("xz", fontSize: 20).descent == 0)
        #expect(font.measure("gy", fontSize: 20).descent > 3)
        #expect(font.measure("É", fontSize: 20).ascent > font.measure("E", fontSize: 20).ascent)
        #expect(font.measure("É", fontSize: 20).ascent <= font.lineHeight(fontSize: 20))
    }

    @Test("the committed tables equal the reference script's golden values")
    func golden() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("dejavu-golden-metrics.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fonts = try #require(json["fonts"] as? [String: [String: Any]])
        for (name, metrics) in [("dejaVuSans", FontMetrics.dejaVuSans), ("dejaVuSansBold", FontMetrics.dejaVuSansBold)] {
            let entry = try #require(fonts[name])
            #expect(entry["unitsPerEm"] as? Int == metrics.unitsPerEm)
            #expect(entry["ascender"] as? Int == metrics.ascender)
            #expect(entry["descender"] as? Int == metrics.descender)
            let glyphs = try #require(entry["glyphs"] as? [[String: Any]])
            #expect(glyphs.count == 11)
            for glyph in glyphs {
                let character = try #require((glyph["character"] as? String)?.unicodeScalars.first)
                let measured = try #require(metrics.glyph(for: character))
                #expect(measured == GlyphMetrics(advance: glyph["advance"] as! Int, inkBottom: glyph["yMin"] as! Int,
                                                 inkTop: glyph["yMax"] as! Int), "\(name) \(character)")
            }
        }
    }

    @Test("the committed tables equal what the run-time TrueType reader finds in the font files",
          .enabled(if: fontsInstalled, "the DejaVu fonts (fonts-dejavu-core) are not installed"))
    func fontFiles() throws {
        for (path, committed) in [(Self.regularPath, FontMetrics.dejaVuSans), (Self.boldPath, FontMetrics.dejaVuSansBold)] {
            let parsed = try FontMetrics(trueTypeFontAt: path)
            #expect(parsed.familyName == "DejaVu Sans")
            #expect(parsed.isBold == committed.isBold)
            #expect(parsed.unitsPerEm == committed.unitsPerEm)
            #expect(parsed.ascender == committed.ascender && parsed.descender == committed.descender)
            #expect(parsed.coveredCount > 3000)
            var compared = 0
            for range in [0x20...0x7E, 0xA0...0x17F, 0x370...0x3FF, 0x400...0x4FF, 0x2010...0x205E] {
                for code in range {
                    let scalar = Unicode.Scalar(UInt32(code))!
                    #expect(parsed.glyph(for: scalar) == committed.glyph(for: scalar), "U+\(String(code, radix: 16))")
                    compared += 1
                }
            }
            #expect(compared == 798)
        }
    }

    @Test("a missing or non-font file gives a sentence naming it")
    func badFiles() throws {
        #expect(throws: RenderingError.self) { try FontMetrics(trueTypeFontAt: "/nonexistent/font.ttf") }
        let path = NSTemporaryDirectory() + "rendering-not-a-font-\(UUID().uuidString).ttf"
        try Data("definitely not a font".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try FontMetrics(trueTypeFontAt: path)
            Issue.record("a text file was read as a font")
        } catch {
            #expect(error.message.contains(path))
        }
    }

    @Test("truncation ends with an ellipsis and fits the width")
    func truncation() {
        let font = FontMetrics.dejaVuSans
        let long = "A rather long legend entry that will not fit in the column"
        let cut = font.truncated(long, fontSize: 12, maximumWidth: 120)
        #expect(cut.hasSuffix("…"))
        #expect(font.width(of: cut, fontSize: 12) <= 120)
        #expect(font.truncated("short", fontSize: 12, maximumWidth: 120) == "short")
    }
}
