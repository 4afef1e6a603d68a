/// Categorical colour palettes (hex sRGB strings) for groups, clusters and words.
public enum ColorPalette {
    /// Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with the
    /// common colour-vision deficiencies. Ordered for points on white: blue, orange, bluish
    /// green, reddish purple, sky blue, vermillion, yellow, black.
    public static let okabeIto = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    ]

    /// Okabe–Ito for text on white: yellow dropped (too faint), sky blue and orange darkened a
    /// little so that small words stay readable; still colour-blind safe in hue.
    public static let okabeItoForText = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#222222", "#3A93C8", "#C98A00",
    ]

    /// Tableau 20 (the 10 Tableau colours and their light variants, as in matplotlib's tab20),
    /// for more than eight groups; the pairs are not all colour-blind safe.
    public static let tableau20 = [
        "#1F77B4", "#AEC7E8", "#FF7F0E", "#FFBB78", "#2CA02C", "#98DF8A", "#D62728", "#FF9896",
        "#9467BD", "#C5B0D5", "#8C564B", "#C49C94", "#E377C2", "#F7B6D2", "#7F7F7F", "#C7C7C7",
        "#BCBD22", "#DBDB8D", "#17BECF", "#9EDAE5",
    ]

    /// `count` colours: Okabe–Ito for up to 8; beyond that Tableau 20 with the ten strong
    /// colours first and their light variants after, repeating past 20.
    public static func categorical(count: Int) -> [String] {
        if count <= okabeIto.count { return Array(okabeIto.prefix(max(count, 0))) }
        let order = stride(from: 0, to: 20, by: 2).map { tableau20[$0] } + stride(from: 1, to: 20, by: 2).map { tableau20[$0] }
        return (0..<count).map { order[$0 % order.count] }
    }
}
