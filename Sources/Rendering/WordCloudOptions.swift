/// Settings of `WordCloudLayout`; the defaults suit an 800 × 500 cloud of 20–100 words.
public struct WordCloudOptions: Sendable {
    /// Font size (px) of the lightest word before any shrinking.
    public var minimumFontSize: Double = 12
    /// Font size (px) of the heaviest word before any shrinking.
    public var maximumFontSize: Double = 72
    /// Whether some words may be turned 90° (reading upwards) to fill gaps.
    public var allowRotation: Bool = false
    /// Share of words (drawn with the seeded generator) tried rotated first when
    /// rotation is allowed; the heaviest word is never rotated.
    public var rotationFraction: Double = 0.3
    /// Minimum gap (px) between two word boxes.
    public var padding: Double = 3
    /// Extra gap around each word as a fraction of its font size (keeps big words apart).
    public var relativePadding: Double = 0.04
    /// Empty margin (px) inside the canvas edges.
    public var margin: Double = 8
    /// Each retry multiplies all font sizes by this factor (in (0, 1)).
    public var shrinkFactor: Double = 0.9
    /// Smallest factor all font sizes may be scaled by before words are left out (in (0, 1]).
    public var minimumScale: Double = 0.5
    /// Largest factor all font sizes may grow by when everything fits with room to spare
    /// (≥ 1; 1 turns growing off).
    public var maximumScale: Double = 1.6
    /// Font size (px) of the title line.
    public var titleFontSize: Double = 16
    /// Word colours, assigned by rank (heaviest word first, cycling).
    public var palette: [String] = ColorPalette.okabeItoForText
    /// Metrics of the font the words are measured and drawn in.
    public var font: FontMetrics = .dejaVuSansBold
    /// Metrics of the font of the title and footer.
    public var labelFont: FontMetrics = .dejaVuSans

    /// The default settings.
    public init() {}
}
