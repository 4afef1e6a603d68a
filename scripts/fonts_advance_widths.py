#!/usr/bin/env python3
"""Generate the committed glyph-metrics table for the Rendering module from DejaVu Sans.

Reads DejaVuSans.ttf and DejaVuSans-Bold.ttf (Debian package fonts-dejavu-core) with a small
TrueType reader written here (Python standard library only: head, hhea, maxp, hmtx, cmap
formats 4 and 12, loca, glyf bounding boxes) and writes

  * Sources/Rendering/DejaVuSansMetricsTable.swift — advance width and vertical ink extent
    (glyph yMin/yMax) of every covered code point, in font units;
  * Tests/RenderingTests/Fixtures/dejavu-golden-metrics.json — a few values for the tests.

Covered code points: Basic Latin, Latin-1 Supplement, Latin Extended-A, combining diacritics,
Greek, Cyrillic, General Punctuation and a few symbols (euro, trade mark, arrows, minus).
Code points the font does not map are written as missing (advance -1); the Swift side uses a
conservative default for them and for everything outside the table.

Usage: python3 scripts/fonts_advance_widths.py [--font-dir /usr/share/fonts/truetype/dejavu]
Run from the repository root. Field layouts follow the OpenType specification (Microsoft
Typography, "OpenType font file" chapters head, hhea, maxp, hmtx, cmap, loca, glyf).
"""

import argparse
import json
import os
import struct
import sys

COVERED_RANGES = [
    (0x0020, 0x007E),  # Basic Latin (printable)
    (0x00A0, 0x017F),  # Latin-1 Supplement + Latin Extended-A
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2010, 0x205E),  # General Punctuation (dashes, quotes, bullet, ellipsis, per mille, ...)
    (0x20AC, 0x20AC),  # euro sign
    (0x2122, 0x2122),  # trade mark sign
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
]

FONTS = [
    ("dejaVuSans", "DejaVu Sans", "DejaVuSans.ttf"),
    ("dejaVuSansBold", "DejaVu Sans", "DejaVuSans-Bold.ttf"),
]

GOLDEN_TEXT = "Wi .0_gyÉ—…"


class TrueTypeFont:
    """The few TrueType tables needed for horizontal advances and vertical ink extents."""

    def __init__(self, path):
        with open(path, "rb") as handle:
            self.data = handle.read()
        table_count = struct.unpack_from(">H", self.data, 4)[0]
        self.tables = {}
        for index in range(table_count):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", self.data, 12 + 16 * index)
            self.tables[tag.decode("latin-1")] = (offset, length)
        head = self.tables["head"][0]
        revision = struct.unpack_from(">i", self.data, head + 4)[0]
        self.font_revision = revision / 65536.0
        self.units_per_em = struct.unpack_from(">H", self.data, head + 18)[0]
        self.index_to_loc_format = struct.unpack_from(">h", self.data, head + 50)[0]
        hhea = self.tables["hhea"][0]
        self.ascender, self.descender, self.line_gap = struct.unpack_from(">hhh", self.data, hhea + 4)
        self.metric_count = struct.unpack_from(">H", self.data, hhea + 34)[0]
        self.glyph_count = struct.unpack_from(">H", self.data, self.tables["maxp"][0] + 4)[0]
        self.cmap = self._read_cmap()

    def advance(self, glyph):
        """Advance width of a glyph (glyphs past numberOfHMetrics repeat the last advance)."""
        hmtx = self.tables["hmtx"][0]
        index = min(glyph, self.metric_count - 1)
        return struct.unpack_from(">H", self.data, hmtx + 4 * index)[0]

    def vertical_extent(self, glyph):
        """(yMin, yMax) of a glyph's outline bounding box; (0, 0) for an empty glyph."""
        loca = self.tables["loca"][0]
        if self.index_to_loc_format == 0:
            start, end = (2 * value for value in struct.unpack_from(">HH", self.data, loca + 2 * glyph))
        else:
            start, end = struct.unpack_from(">II", self.data, loca + 4 * glyph)
        if start == end:
            return 0, 0
        glyf = self.tables["glyf"][0]
        _contours, _x_min, y_min, _x_max, y_max = struct.unpack_from(">hhhhh", self.data, glyf + start)
        return y_min, y_max

    def _read_cmap(self):
        cmap = self.tables["cmap"][0]
        _version, record_count = struct.unpack_from(">HH", self.data, cmap)
        subtables = {}
        for index in range(record_count):
            platform, encoding, offset = struct.unpack_from(">HHI", self.data, cmap + 4 + 8 * index)
            subtables[(platform, encoding)] = cmap + offset
        for key in [(3, 10), (0, 4), (0, 6)]:
            if key in subtables and struct.unpack_from(">H", self.data, subtables[key])[0] == 12:
                return self._read_format12(subtables[key])
        for key in [(3, 1), (0, 3), (0, 1), (0, 0)]:
            if key in subtables and struct.unpack_from(">H", self.data, subtables[key])[0] == 4:
                return self._read_format4(subtables[key])
        raise ValueError("no Unicode cmap subtable of format 4 or 12")

    def _read_format12(self, start):
        group_count = struct.unpack_from(">I", self.data, start + 12)[0]
        mapping = {}
        for index in range(group_count):
            first, last, glyph = struct.unpack_from(">III", self.data, start + 16 + 12 * index)
            for code in range(first, last + 1):
                mapping[code] = glyph + code - first
        return mapping

    def _read_format4(self, start):
        segment_count = struct.unpack_from(">H", self.data, start + 6)[0] // 2
        ends = start + 14
        starts = ends + 2 * segment_count + 2
        deltas = starts + 2 * segment_count
        range_offsets = deltas + 2 * segment_count
        mapping = {}
        for segment in range(segment_count):
            last = struct.unpack_from(">H", self.data, ends + 2 * segment)[0]
            first = struct.unpack_from(">H", self.data, starts + 2 * segment)[0]
            delta = struct.unpack_from(">h", self.data, deltas + 2 * segment)[0]
            offset_position = range_offsets + 2 * segment
            range_offset = struct.unpack_from(">H", self.data, offset_position)[0]
            for code in range(first, last + 1):
                if code == 0xFFFF:
                    continue
                if range_offset == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    address = offset_position + range_offset + 2 * (code - first)
                    glyph = struct.unpack_from(">H", self.data, address)[0]
                    if glyph != 0:
                        glyph = (glyph + delta) & 0xFFFF
                if glyph != 0:
                    mapping[code] = glyph
        return mapping

    def metrics(self, code):
        """(advance, yMin, yMax) of a code point, or None when the font does not map it."""
        glyph = self.cmap.get(code, 0)
        if glyph == 0:
            return None
        y_min, y_max = self.vertical_extent(glyph)
        return self.advance(glyph), y_min, y_max


def swift_array(values, per_line=16, indent="            "):
    lines = []
    for start in range(0, len(values), per_line):
        lines.append(indent + ", ".join(str(value) for value in values[start:start + per_line]) + ",")
    return "\n".join(lines)


def swift_table(name, family, file_name, font):
    advances, bottoms, tops = [], [], []
    for first, last in COVERED_RANGES:
        for code in range(first, last + 1):
            entry = font.metrics(code)
            if entry is None:
                advances.append(-1)
                bottoms.append(0)
                tops.append(0)
            else:
                advances.append(entry[0])
                bottoms.append(entry[1])
                tops.append(entry[2])
    ranges = ", ".join(f"(0x{first:04X}, 0x{last:04X})" for first, last in COVERED_RANGES)
    return f"""    /// {family}, {file_name} (font revision {font.font_revision:.3f}), measured by
    /// scripts/fonts_advance_widths.py.
    static let {name}Table = FontMetricsTable(
        familyName: "{family}",
        unitsPerEm: {font.units_per_em}, ascender: {font.ascender}, descender: {font.descender}, lineGap: {font.line_gap},
        ranges: [{ranges}],
        advances: [
{swift_array(advances)}
        ],
        inkBottoms: [
{swift_array(bottoms)}
        ],
        inkTops: [
{swift_array(tops)}
        ]
    )
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font-dir", default="/usr/share/fonts/truetype/dejavu")
    parser.add_argument("--swift-out", default="Sources/Rendering/DejaVuSansMetricsTable.swift")
    parser.add_argument("--golden-out", default="Tests/RenderingTests/Fixtures/dejavu-golden-metrics.json")
    arguments = parser.parse_args()

    parts = [
        "// Generated by scripts/fonts_advance_widths.py from the DejaVu fonts (Debian package\n"
        "// fonts-dejavu-core). Do not edit by hand: rerun the script.\n"
        "// Per covered code point: advance width, and the outline's yMin/yMax (0/0 for an empty\n"
        "// glyph), in font units. Advance -1 marks a code point the font does not map.\n\n"
        "extension FontMetrics {\n"
    ]
    golden = {"text": GOLDEN_TEXT, "fonts": {}}
    for index, (name, family, file_name) in enumerate(FONTS):
        font = TrueTypeFont(os.path.join(arguments.font_dir, file_name))
        if index > 0:
            parts.append("\n")
        parts.append(swift_table(name, family, file_name, font))
        golden["fonts"][name] = {
            "file": file_name,
            "unitsPerEm": font.units_per_em,
            "ascender": font.ascender,
            "descender": font.descender,
            "glyphs": [
                {"character": character, "advance": font.metrics(ord(character))[0],
                 "yMin": font.metrics(ord(character))[1], "yMax": font.metrics(ord(character))[2]}
                for character in GOLDEN_TEXT
            ],
        }
    parts.append("}\n")
    with open(arguments.swift_out, "w", encoding="utf-8") as handle:
        handle.write("".join(parts))
    os.makedirs(os.path.dirname(arguments.golden_out), exist_ok=True)
    with open(arguments.golden_out, "w", encoding="utf-8") as handle:
        json.dump(golden, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {arguments.swift_out} and {arguments.golden_out}", file=sys.stderr)


if __name__ == "__main__":
    main()
