/// Horizontal advance and vertical ink extent of one glyph, in font units.
public struct GlyphMetrics: Sendable, Hashable {
    /// Advance width (the pen moves this far to the right).
    public let advance: Int
    /// Lowest point of the outline relative to the baseline (negative below it; 0 for an empty glyph).
    public let inkBottom: Int
    /// Highest point of the outline relative to the baseline (0 for an empty glyph).
    public let inkTop: Int

    /// Metrics from their three values.
    public init(advance: Int, inkBottom: Int, inkTop: Int) {
        self.advance = advance
        self.inkBottom = inkBottom
        self.inkTop = inkTop
    }
}

/// The size of a measured line of text at a font size, in pixels.
public struct TextExtent: Sendable, Hashable {
    /// Sum of the advance widths (no kerning).
    public let width: Double
    /// Height of the ink above the baseline (≥ 0).
    public let ascent: Double
    /// Depth of the ink below the baseline (≥ 0).
    public let descent: Double

    /// Ink height, `ascent + descent`.
    public var height: Double { ascent + descent }
}

/// Glyph metrics of one font, for measuring text before it is drawn.
///
/// The DejaVu Sans tables (`dejaVuSans`, `dejaVuSansBold`) are committed Swift tables generated
/// by scripts/fonts_advance_widths.py from the Debian fonts-dejavu-core files, so layouts are
/// byte-identical on machines with and without the font installed. They cover Basic Latin,
/// Latin-1, Latin Extended-A, combining marks, Greek, Cyrillic, General Punctuation and a few
/// symbols. `init(trueTypeFontAt:)` reads any TrueType file at run time instead.
///
/// Measuring ignores kerning and ligatures: a width is the plain sum of advances, which is at
/// least as wide as what a browser draws for DejaVu Sans (its kerning only tightens pairs such
/// as "AV"). A character the font does not cover counts as one em wide, with the font's full
/// ascender/descender as its ink, which is generous for the fallback fonts a browser picks.
/// Control characters (removed by `MarkupEscaping`) count as zero width.
public struct FontMetrics: Sendable {
    /// Family name as in the font, e.g. "DejaVu Sans".
    public let familyName: String
    /// Whether this is a bold face (the SVG writers then add `font-weight="bold"`).
    public let isBold: Bool
    /// Font units per em (2048 for DejaVu).
    public let unitsPerEm: Int
    /// Typographic ascender from the `hhea` table (font units, positive).
    public let ascender: Int
    /// Typographic descender from the `hhea` table (font units, negative).
    public let descender: Int
    /// Line gap from the `hhea` table (font units).
    public let lineGap: Int
    /// Advance used for a character the font does not cover (one em).
    public var defaultAdvance: Int { unitsPerEm }

    private let glyphs: [UInt32: GlyphMetrics]

    /// Metrics from explicit values (the run-time TrueType reader and the committed tables use this).
    public init(familyName: String, isBold: Bool, unitsPerEm: Int, ascender: Int, descender: Int,
                lineGap: Int, glyphs: [UInt32: GlyphMetrics]) {
        precondition(unitsPerEm > 0, "FontMetrics: unitsPerEm must be positive, got \(unitsPerEm)")
        self.familyName = familyName
        self.isBold = isBold
        self.unitsPerEm = unitsPerEm
        self.ascender = ascender
        self.descender = descender
        self.lineGap = lineGap
        self.glyphs = glyphs
    }

    /// DejaVu Sans (regular), from the committed table.
    public static let dejaVuSans = FontMetrics(table: dejaVuSansTable, isBold: false)

    /// DejaVu Sans Bold, from the committed table.
    public static let dejaVuSansBold = FontMetrics(table: dejaVuSansBoldTable, isBold: true)

    /// The metrics of `scalar`, or nil when the font does not cover it.
    public func glyph(for scalar: Unicode.Scalar) -> GlyphMetrics? { glyphs[scalar.value] }

    /// Number of code points with metrics.
    public var coveredCount: Int { glyphs.count }

    /// Width of `text` set at `fontSize` pixels: sum of advances × fontSize / unitsPerEm.
    /// - Complexity: O(n) in the number of Unicode scalars.
    public func width(of text: String, fontSize: Double) -> Double {
        var units = 0
        for scalar in text.unicodeScalars {
            if let glyph = glyphs[scalar.value] {
                units += glyph.advance
            } else if MarkupEscaping.isAllowed(scalar) && scalar.value >= 0x20 {
                units += defaultAdvance
            }
        }
        return Double(units) * fontSize / Double(unitsPerEm)
    }

    /// Width and vertical ink extent of `text` at `fontSize` pixels (ascent and descent are the
    /// highest and lowest outline points of the characters used, not the line's ascender).
    /// - Complexity: O(n) in the number of Unicode scalars.
    public func measure(_ text: String, fontSize: Double) -> TextExtent {
        var units = 0
        var top = 0
        var bottom = 0
        for scalar in text.unicodeScalars {
            if let glyph = glyphs[scalar.value] {
                units += glyph.advance
                top = max(top, glyph.inkTop)
                bottom = min(bottom, glyph.inkBottom)
            } else if MarkupEscaping.isAllowed(scalar) && scalar.value >= 0x20 {
                units += defaultAdvance
                top = max(top, ascender)
                bottom = min(bottom, descender)
            }
        }
        let scale = fontSize / Double(unitsPerEm)
        return TextExtent(width: Double(units) * scale, ascent: Double(top) * scale, descent: Double(-bottom) * scale)
    }

    /// Line height at `fontSize`: (ascender − descender + lineGap) × fontSize / unitsPerEm.
    public func lineHeight(fontSize: Double) -> Double {
        Double(ascender - descender + lineGap) * fontSize / Double(unitsPerEm)
    }

    /// `text` cut at a word boundary (or mid-word when there is none) and ended with "…" so
    /// that it is at most `maximumWidth` wide at `fontSize`; unchanged when it already fits.
    public func truncated(_ text: String, fontSize: Double, maximumWidth: Double) -> String {
        if width(of: text, fontSize: fontSize) <= maximumWidth { return text }
        let ellipsisWidth = width(of: "…", fontSize: fontSize)
        var kept = ""
        var used = 0.0
        for character in text {
            let characterWidth = width(of: String(character), fontSize: fontSize)
            if used + characterWidth + ellipsisWidth > maximumWidth { break }
            kept.append(character)
            used += characterWidth
        }
        if let space = kept.lastIndex(of: " "), kept.distance(from: kept.startIndex, to: space) > kept.count / 2 {
            kept = String(kept[..<space])
        }
        while kept.last == " " { kept.removeLast() }
        return kept + "…"
    }

    private init(table: FontMetricsTable, isBold: Bool) {
        var glyphs: [UInt32: GlyphMetrics] = [:]
        glyphs.reserveCapacity(table.advances.count)
        var index = 0
        for (first, last) in table.ranges {
            for code in first...last {
                if table.advances[index] >= 0 {
                    glyphs[code] = GlyphMetrics(advance: Int(table.advances[index]),
                                                inkBottom: Int(table.inkBottoms[index]),
                                                inkTop: Int(table.inkTops[index]))
                }
                index += 1
            }
        }
        precondition(index == table.advances.count, "FontMetrics: table \(table.familyName) has inconsistent ranges")
        self.init(familyName: table.familyName, isBold: isBold, unitsPerEm: table.unitsPerEm,
                  ascender: table.ascender, descender: table.descender, lineGap: table.lineGap, glyphs: glyphs)
    }
}

/// The shape of the generated tables in DejaVuSansMetricsTable.swift.
struct FontMetricsTable: Sendable {
    let familyName: String
    let unitsPerEm: Int
    let ascender: Int
    let descender: Int
    let lineGap: Int
    /// Inclusive code-point ranges, in the order of the flat arrays below.
    let ranges: [(UInt32, UInt32)]
    /// Advance per covered code point (-1: not in the font).
    let advances: [Int16]
    /// Outline yMin per covered code point.
    let inkBottoms: [Int16]
    /// Outline yMax per covered code point.
    let inkTops: [Int16]
}
