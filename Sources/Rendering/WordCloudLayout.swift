import LinearAlgebra

/// A word and its positive weight (e.g. its mean salience in a cluster).
public struct WeightedWord: Sendable, Hashable {
    /// The word as drawn.
    public let word: String
    /// Its weight (> 0).
    public let weight: Float

    /// A word with its weight.
    public init(word: String, weight: Float) {
        self.word = word
        self.weight = weight
    }
}

/// One word placed by `WordCloudLayout`.
public struct PlacedWord: Sendable, Hashable {
    /// The word as drawn.
    public let word: String
    /// Its input weight.
    public let weight: Float
    /// Position in descending weight order (0 = heaviest).
    public let rank: Int
    /// Font size in px (after any shrinking).
    public let fontSize: Double
    /// Axis-aligned ink box, top-left origin, y down (padding not included).
    public let box: SVGRectangle
    /// Whether the word reads upwards (rotated −90°).
    public let rotated: Bool
    /// Fill colour (hex).
    public let color: String
    /// Start of the baseline (the `<text>` x, y before any rotation).
    public let baselineX: Double
    /// Start of the baseline, y.
    public let baselineY: Double
    /// Sum of advance widths at `fontSize` (the `textLength` written to SVG).
    public let textWidth: Double

    /// Left edge of the box.
    public var x: Double { box.x }
    /// Top edge of the box.
    public var y: Double { box.y }
    /// Box width.
    public var width: Double { box.width }
    /// Box height.
    public var height: Double { box.height }
}

/// A seeded word-cloud layout: words sized by weight and packed without overlap, plus its SVG.
///
/// * Font size is linear in √weight between `minimumFontSize` (lightest word) and
///   `maximumFontSize` (heaviest), so ink area grows roughly with weight; equal weights get
///   equal sizes, and all weights equal give the maximum size.
/// * Words are placed heaviest first (ties: alphabetical, then input order). Each walks an
///   Archimedean spiral r = c·φ, stretched to the word area's aspect ratio, from the centre
///   of the area, starting at a seeded angle, until its box (ink box from the font's glyph
///   metrics) lies inside the area and at least `padding` from every placed box.
/// * If any word finds no place, every font size is multiplied by `shrinkFactor` and the whole
///   layout starts again, down to `minimumScale`. At that scale words that still do not fit are
///   listed in `unplaced` and in a footer line under the cloud (the SVG grows to hold it).
///   Nothing is dropped silently: `words.count + unplaced.count` equals the input count.
/// * If everything fits at full size, all font sizes grow by 1/`shrinkFactor` per step while
///   everything still fits, up to `maximumScale`, so that the cloud fills its canvas.
/// * Colours follow rank through `palette`.
///
/// Same input, same seed: same layout and same SVG bytes.
/// - Complexity: per attempt O(n · s · n) for n words and s spiral steps (s grows with the
///   area over the square of the step, a few thousand to ~10⁵); a handful of attempts at most.
public struct WordCloudLayout: Sendable {
    /// Canvas width (px).
    public let width: Double
    /// Canvas height (px) without the footer.
    public let height: Double
    /// The title line ("" for none).
    public let title: String
    /// The region words are placed in (canvas minus margins and title band).
    public let wordArea: SVGRectangle
    /// Placed words in placement order (descending weight).
    public let words: [PlacedWord]
    /// Words that did not fit even at `minimumScale`, in descending weight order.
    public let unplaced: [WeightedWord]
    /// The factor all font sizes were finally multiplied by (1 = no shrinking).
    public let scale: Double
    /// Number of layout attempts made (1 = fitted at full size).
    public let attemptCount: Int
    /// The settings used.
    public let options: WordCloudOptions

    /// Lays out `words` on a `width` × `height` canvas with the generator seeded by `seed`.
    /// - Parameters:
    ///   - words: each weight finite and > 0 (a precondition); order does not matter.
    ///   - title: drawn centred at the top, e.g. "Cluster 2 · 312 examples (24.1%)".
    public init(words input: [(word: String, weight: Float)], width: Double, height: Double, seed: UInt64,
                title: String = "", options: WordCloudOptions = WordCloudOptions()) {
        precondition(width > 0 && height > 0, "WordCloudLayout: canvas must be positive, got \(width) × \(height)")
        precondition(options.maximumFontSize >= options.minimumFontSize && options.minimumFontSize > 0,
                     "WordCloudLayout: need 0 < minimumFontSize ≤ maximumFontSize, got \(options.minimumFontSize), \(options.maximumFontSize)")
        precondition(options.shrinkFactor > 0 && options.shrinkFactor < 1,
                     "WordCloudLayout: shrinkFactor must be in (0, 1), got \(options.shrinkFactor)")
        precondition(options.minimumScale > 0 && options.minimumScale <= 1,
                     "WordCloudLayout: minimumScale must be in (0, 1], got \(options.minimumScale)")
        precondition(options.maximumScale >= 1, "WordCloudLayout: maximumScale must be ≥ 1, got \(options.maximumScale)")
        precondition(options.padding >= 0 && options.relativePadding >= 0,
                     "WordCloudLayout: paddings must be ≥ 0, got \(options.padding), \(options.relativePadding)")
        precondition(!options.palette.isEmpty, "WordCloudLayout: the palette is empty")
        for entry in input {
            precondition(entry.weight.isFinite && entry.weight > 0,
                         "WordCloudLayout: the weight of '\(entry.word)' is \(entry.weight); weights must be finite and > 0")
        }
        self.width = width
        self.height = height
        self.title = title
        self.options = options

        let titleBand = title.isEmpty ? 0 : options.titleFontSize * 1.75
        let area = SVGRectangle(x: options.margin, y: options.margin + titleBand,
                                width: max(0, width - 2 * options.margin),
                                height: max(0, height - 2 * options.margin - titleBand))
        wordArea = area

        let order = input.indices.sorted { left, right in
            let a = input[left], b = input[right]
            if a.weight != b.weight { return a.weight > b.weight }
            if a.word != b.word { return a.word < b.word }
            return left < right
        }
        let ranked = order.map { WeightedWord(word: input[$0].word, weight: input[$0].weight) }
        let baseSizes = Self.fontSizes(for: ranked.map(\.weight), options: options)

        var scale = 1.0
        var attempts = 1
        var result = Self.attempt(ranked, baseSizes: baseSizes, scale: scale, area: area, seed: seed,
                                  options: options, stopAtFirstFailure: scale > options.minimumScale)
        if result.unplaced.isEmpty {
            // Grow while everything still fits.
            while scale / options.shrinkFactor <= options.maximumScale + 1e-12 {
                let larger = scale / options.shrinkFactor
                attempts += 1
                let grown = Self.attempt(ranked, baseSizes: baseSizes, scale: larger, area: area, seed: seed,
                                         options: options, stopAtFirstFailure: true)
                guard grown.unplaced.isEmpty else { break }
                result = grown
                scale = larger
            }
        } else {
            // Shrink until everything fits or the minimum scale is reached.
            while !result.unplaced.isEmpty && scale > options.minimumScale {
                scale = max(options.minimumScale, scale * options.shrinkFactor)
                attempts += 1
                result = Self.attempt(ranked, baseSizes: baseSizes, scale: scale, area: area, seed: seed,
                                      options: options, stopAtFirstFailure: scale > options.minimumScale)
            }
        }
        words = result.placed
        unplaced = result.unplaced
        self.scale = scale
        attemptCount = attempts
    }

    /// Font sizes before shrinking: linear in √weight from minimum (lightest) to maximum (heaviest).
    static func fontSizes(for weights: [Float], options: WordCloudOptions) -> [Double] {
        guard let heaviest = weights.max(), let lightest = weights.min() else { return [] }
        let top = Double(heaviest).squareRoot(), bottom = Double(lightest).squareRoot()
        return weights.map { weight in
            let fraction = top > bottom ? (Double(weight).squareRoot() - bottom) / (top - bottom) : 1
            return options.minimumFontSize + fraction * (options.maximumFontSize - options.minimumFontSize)
        }
    }

    /// One pass over the ranked words at one scale.
    private static func attempt(_ ranked: [WeightedWord], baseSizes: [Double], scale: Double, area: SVGRectangle,
                                seed: UInt64, options: WordCloudOptions,
                                stopAtFirstFailure: Bool) -> (placed: [PlacedWord], unplaced: [WeightedWord]) {
        var generator = SplitMix64(seed: seed)
        var placed: [PlacedWord] = []
        var boxes: [SVGRectangle] = []
        var unplaced: [WeightedWord] = []
        var lastHit = 0
        for (rank, entry) in ranked.enumerated() {
            let startAngle = generator.nextUnitDouble() * 2 * Double.pi
            let rotationDraw = generator.nextUnitDouble()
            let fontSize = baseSizes[rank] * scale
            let extent = options.font.measure(entry.word, fontSize: fontSize)
            let prefersRotation = options.allowRotation && rank > 0 && rotationDraw < options.rotationFraction
            let orientations = options.allowRotation ? [prefersRotation, !prefersRotation] : [false]
            let halo = fontSize * options.relativePadding
            var result: PlacedWord?
            for rotated in orientations {
                let size = rotated ? (extent.height, extent.width) : (extent.width, extent.height)
                guard let box = spiralSearch(width: size.0, height: size.1, halo: halo, area: area,
                                             startAngle: startAngle, boxes: boxes, padding: options.padding,
                                             lastHit: &lastHit) else { continue }
                let baselineX = rotated ? box.x + extent.ascent : box.x
                let baselineY = rotated ? box.maxY : box.y + extent.ascent
                result = PlacedWord(word: entry.word, weight: entry.weight, rank: rank, fontSize: fontSize, box: box,
                                    rotated: rotated, color: options.palette[rank % options.palette.count],
                                    baselineX: baselineX, baselineY: baselineY, textWidth: extent.width)
                break
            }
            if let result {
                placed.append(result)
                boxes.append(SVGRectangle(x: result.box.x - halo, y: result.box.y - halo,
                                          width: result.box.width + 2 * halo, height: result.box.height + 2 * halo))
            } else {
                unplaced.append(entry)
                if stopAtFirstFailure { break }
            }
        }
        return (placed, unplaced)
    }

    /// The first box of the given size along the spiral that lies inside `area` and, grown by
    /// `halo` on every side, keeps `padding` away from every (already grown) box; or nil.
    private static func spiralSearch(width: Double, height: Double, halo: Double, area: SVGRectangle,
                                     startAngle: Double, boxes: [SVGRectangle], padding: Double,
                                     lastHit: inout Int) -> SVGRectangle? {
        guard width <= area.width && height <= area.height else { return nil }
        let longest = max(area.width, area.height, 1)
        let stretchX = area.width / longest, stretchY = area.height / longest
        let centreX = area.x + area.width / 2, centreY = area.y + area.height / 2
        let maximumRadius = longest * 0.5.squareRoot() + 1
        let step = min(max(min(width, height) / 4, 1), 4)
        var angle = 0.0, radius = 0.0
        while radius <= maximumRadius {
            let left = centreX + radius * _cosine(angle + startAngle) * stretchX - width / 2
            let top = centreY + radius * _sine(angle + startAngle) * stretchY - height / 2
            if left >= area.x && top >= area.y && left + width <= area.maxX && top + height <= area.maxY {
                let grown = SVGRectangle(x: left - halo, y: top - halo, width: width + 2 * halo, height: height + 2 * halo)
                if !collides(grown, boxes, padding: padding, lastHit: &lastHit) {
                    return SVGRectangle(x: left, y: top, width: width, height: height)
                }
            }
            angle += step / max(radius, step)
            radius = step * angle / (2 * Double.pi)
        }
        return nil
    }

    /// Whether `candidate` comes closer than `padding` to any box; checks the last hit first.
    private static func collides(_ candidate: SVGRectangle, _ boxes: [SVGRectangle], padding: Double,
                                 lastHit: inout Int) -> Bool {
        func near(_ other: SVGRectangle) -> Bool {
            candidate.x < other.maxX + padding && other.x < candidate.maxX + padding
                && candidate.y < other.maxY + padding && other.y < candidate.maxY + padding
        }
        if lastHit < boxes.count && near(boxes[lastHit]) { return true }
        for index in boxes.indices where near(boxes[index]) {
            lastHit = index
            return true
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _cosine(_ x: Double) -> Double { Glibc.cos(x) }
@inline(__always) func _sine(_ x: Double) -> Double { Glibc.sin(x) }
#else
import Foundation
@inline(__always) func _cosine(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) func _sine(_ x: Double) -> Double { Foundation.sin(x) }
#endif
