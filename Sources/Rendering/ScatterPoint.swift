/// One point of a `ScatterPlot`.
public struct ScatterPoint: Sendable, Hashable {
    /// Horizontal coordinate in data units (e.g. t-SNE output column 0).
    public var x: Float
    /// Vertical coordinate in data units (drawn upwards).
    public var y: Float
    /// Group index into the plot's group names (colour and legend entry).
    public var group: Int
    /// Hover text: see `ScatterPlot.pointTitle(id:label:prediction:snippet:)`.
    public var title: String
    /// Whether the point is drawn on top, larger and outlined.
    public var highlighted: Bool

    /// A point from its fields.
    public init(x: Float, y: Float, group: Int, title: String, highlighted: Bool = false) {
        self.x = x
        self.y = y
        self.group = group
        self.title = title
        self.highlighted = highlighted
    }
}
