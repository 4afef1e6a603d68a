import Foundation

extension FontMetrics {
    /// Reads advance widths and outline extents of every mapped character from a TrueType file
    /// (tables head, hhea, maxp, hmtx, cmap format 4 or 12, loca, glyf, name), e.g.
    /// /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf. Field layouts follow the OpenType
    /// specification. CFF-flavoured OpenType files (no glyf table) are rejected.
    /// - Throws: `RenderingError` when the file is missing or is not a TrueType font.
    /// - Complexity: O(file size + mapped characters).
    public init(trueTypeFontAt path: String) throws(RenderingError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RenderingError("Cannot read the font file \(path); check the path (DejaVu fonts come with the Debian package fonts-dejavu-core).")
        }
        do {
            let reader = try TrueTypeFontReader(bytes: [UInt8](data))
            self.init(familyName: try reader.familyName(), isBold: try reader.isBold(),
                      unitsPerEm: try reader.unitsPerEm(), ascender: try reader.hheaValue(at: 4),
                      descender: try reader.hheaValue(at: 6), lineGap: try reader.hheaValue(at: 8),
                      glyphs: try reader.glyphMetrics())
        } catch let error as TrueTypeFontReader.FormatError {
            throw RenderingError("The font file \(path) is not a readable TrueType font (\(error.reason)); use a .ttf file with glyf outlines.")
        } catch {
            throw RenderingError("The font file \(path) could not be read: \(error).")
        }
    }
}

/// A minimal big-endian TrueType table reader behind `FontMetrics.init(trueTypeFontAt:)`.
struct TrueTypeFontReader {
    struct FormatError: Error { let reason: String }

    private let bytes: [UInt8]
    private var tables: [String: (offset: Int, length: Int)] = [:]

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        let tableCount = try uint16(at: 4)
        for index in 0..<tableCount {
            let record = 12 + 16 * index
            guard record + 16 <= bytes.count else { throw FormatError(reason: "truncated table directory") }
            let tag = String(decoding: bytes[record..<record + 4], as: UTF8.self)
            tables[tag] = (try uint32(at: record + 8), try uint32(at: record + 12))
        }
        for required in ["head", "hhea", "maxp", "hmtx", "cmap"] where tables[required] == nil {
            throw FormatError(reason: "no \(required) table")
        }
        if tables["glyf"] == nil || tables["loca"] == nil { throw FormatError(reason: "no glyf/loca tables") }
    }

    func unitsPerEm() throws -> Int { try uint16(at: table("head") + 18) }

    func isBold() throws -> Bool { (try uint16(at: table("head") + 44)) & 1 == 1 }

    func hheaValue(at offset: Int) throws -> Int { try int16(at: table("hhea") + offset) }

    /// Family name (name ID 1), preferring the Windows Unicode record.
    func familyName() throws -> String {
        guard let name = tables["name"]?.offset else { return "" }
        let count = try uint16(at: name + 2)
        let storage = name + (try uint16(at: name + 4))
        var fallback = ""
        for index in 0..<count {
            let record = name + 6 + 12 * index
            let platform = try uint16(at: record), nameID = try uint16(at: record + 6)
            let length = try uint16(at: record + 8), offset = try uint16(at: record + 10)
            guard nameID == 1, storage + offset + length <= bytes.count else { continue }
            let raw = Array(bytes[(storage + offset)..<(storage + offset + length)])
            if platform == 3 || platform == 0 {
                var units: [UInt16] = []
                for position in stride(from: 0, to: raw.count - 1, by: 2) {
                    units.append(UInt16(raw[position]) << 8 | UInt16(raw[position + 1]))
                }
                return String(decoding: units, as: UTF16.self)
            }
            if platform == 1 { fallback = String(decoding: raw, as: UTF8.self) }
        }
        return fallback
    }

    /// Advance and outline y-extent of every character the best Unicode cmap maps.
    func glyphMetrics() throws -> [UInt32: GlyphMetrics] {
        let glyphCount = try uint16(at: table("maxp") + 4)
        let metricCount = try uint16(at: table("hhea") + 34)
        guard metricCount > 0 else { throw FormatError(reason: "numberOfHMetrics is 0") }
        let hmtx = try table("hmtx")
        let longOffsets = try int16(at: table("head") + 50) == 1
        let loca = try table("loca"), glyf = try table("glyf")
        var result: [UInt32: GlyphMetrics] = [:]
        for (code, glyph) in try characterMap() where glyph > 0 && glyph < glyphCount {
            let advance = try uint16(at: hmtx + 4 * min(glyph, metricCount - 1))
            let start = longOffsets ? try uint32(at: loca + 4 * glyph) : 2 * (try uint16(at: loca + 2 * glyph))
            let end = longOffsets ? try uint32(at: loca + 4 * glyph + 4) : 2 * (try uint16(at: loca + 2 * glyph + 2))
            var bottom = 0, top = 0
            if end > start {
                bottom = try int16(at: glyf + start + 4)
                top = try int16(at: glyf + start + 8)
            }
            result[code] = GlyphMetrics(advance: advance, inkBottom: bottom, inkTop: top)
        }
        return result
    }

    /// Code point → glyph index from a format 12 (preferred) or format 4 Unicode subtable.
    private func characterMap() throws -> [UInt32: Int] {
        let cmap = try table("cmap")
        var subtables: [Int: Int] = [:]  // platform << 16 | encoding → absolute offset
        for index in 0..<(try uint16(at: cmap + 2)) {
            let record = cmap + 4 + 8 * index
            subtables[(try uint16(at: record)) << 16 | (try uint16(at: record + 2))] = cmap + (try uint32(at: record + 4))
        }
        for key in [3 << 16 | 10, 0 << 16 | 4, 0 << 16 | 6] {
            if let start = subtables[key], try uint16(at: start) == 12 { return try format12(at: start) }
        }
        for key in [3 << 16 | 1, 0 << 16 | 3, 0 << 16 | 1, 0] {
            if let start = subtables[key], try uint16(at: start) == 4 { return try format4(at: start) }
        }
        throw FormatError(reason: "no Unicode cmap subtable of format 4 or 12")
    }

    private func format12(at start: Int) throws -> [UInt32: Int] {
        var mapping: [UInt32: Int] = [:]
        for index in 0..<(try uint32(at: start + 12)) {
            let group = start + 16 + 12 * index
            let first = try uint32(at: group), last = try uint32(at: group + 4), glyph = try uint32(at: group + 8)
            guard last >= first, last <= 0x10FFFF else { throw FormatError(reason: "bad cmap group") }
            for code in first...last { mapping[UInt32(code)] = glyph + code - first }
        }
        return mapping
    }

    private func format4(at start: Int) throws -> [UInt32: Int] {
        let segmentCount = try uint16(at: start + 6) / 2
        let ends = start + 14, starts = ends + 2 * segmentCount + 2
        let deltas = starts + 2 * segmentCount, rangeOffsets = deltas + 2 * segmentCount
        var mapping: [UInt32: Int] = [:]
        for segment in 0..<segmentCount {
            let last = try uint16(at: ends + 2 * segment), first = try uint16(at: starts + 2 * segment)
            let delta = try int16(at: deltas + 2 * segment)
            let offsetPosition = rangeOffsets + 2 * segment
            let rangeOffset = try uint16(at: offsetPosition)
            guard last >= first else { continue }
            for code in first...last where code != 0xFFFF {
                var glyph: Int
                if rangeOffset == 0 {
                    glyph = (code + delta) & 0xFFFF
                } else {
                    glyph = try uint16(at: offsetPosition + rangeOffset + 2 * (code - first))
                    if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                }
                if glyph != 0 { mapping[UInt32(code)] = glyph }
            }
        }
        return mapping
    }

    private func table(_ tag: String) throws -> Int {
        guard let entry = tables[tag] else { throw FormatError(reason: "no \(tag) table") }
        return entry.offset
    }

    private func uint16(at offset: Int) throws -> Int {
        guard offset >= 0, offset + 2 <= bytes.count else { throw FormatError(reason: "offset \(offset) past the end") }
        return Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    private func int16(at offset: Int) throws -> Int {
        let value = try uint16(at: offset)
        return value >= 0x8000 ? value - 0x10000 : value
    }

    private func uint32(at offset: Int) throws -> Int {
        guard offset >= 0, offset + 4 <= bytes.count else { throw FormatError(reason: "offset \(offset) past the end") }
        return Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
