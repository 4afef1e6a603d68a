/// A rectangle in SVG user units (origin top left, y down).
public struct SVGRectangle: Sendable, Hashable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width (≥ 0).
    public var width: Double
    /// Height (≥ 0).
    public var height: Double

    /// A rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }

    /// Whether the two rectangles share interior area (touching edges do not count).
    public func intersects(_ other: SVGRectangle) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Whether `other` lies inside this rectangle (edges included), with `tolerance` slack.
    public func contains(_ other: SVGRectangle, tolerance: Double = 1e-9) -> Bool {
        other.x >= x - tolerance && other.y >= y - tolerance
            && other.maxX <= maxX + tolerance && other.maxY <= maxY + tolerance
    }
}

/// A streaming SVG writer: elements are appended in drawing order and `svg()` returns the
/// finished document.
///
/// Text and attribute values are escaped (`MarkupEscaping`), numbers are written short
/// (`NumberFormatting`), attributes keep the order given, so equal input gives equal bytes.
/// The document has no XML declaration, so the same string works as a standalone `.svg` file
/// and inline inside HTML.
public struct SVGDocument: Sendable {
    /// The font stack used when none is given: DejaVu Sans (whose metrics `FontMetrics` ships)
    /// first, then look-alikes.
    public static let defaultFontFamily = "DejaVu Sans, Verdana, Arial, sans-serif"

    /// Width attribute of the root element (user units = CSS pixels).
    public let width: Double
    /// Height attribute of the root element.
    public let height: Double
    /// The user coordinate system shown in the width × height box.
    public let viewBox: SVGRectangle

    private var header: String
    private var body: String = ""
    private var openElements: [String] = []

    /// An empty document of the given size.
    /// - Parameters:
    ///   - viewBox: defaults to `0 0 width height`.
    ///   - title: an accessible name (a `<title>` child of the root) when non-empty.
    ///   - className: a `class` attribute on the root element, for CSS in a surrounding page.
    ///   - identifier: an `id` attribute on the root element (for scoped CSS and links).
    ///   - fontFamily: the root's `font-family`, inherited by every text element.
    public init(width: Double, height: Double, viewBox: SVGRectangle? = nil, title: String = "",
                className: String = "", identifier: String = "",
                fontFamily: String = SVGDocument.defaultFontFamily) {
        precondition(width > 0 && height > 0, "SVGDocument: size must be positive, got \(width) × \(height)")
        self.width = width
        self.height = height
        let box = viewBox ?? SVGRectangle(x: 0, y: 0, width: width, height: height)
        self.viewBox = box
        var root: [SVGAttribute] = [
            SVGAttribute("xmlns", "http://www.w3.org/2000/svg"),
            SVGAttribute("width", width), SVGAttribute("height", height),
            SVGAttribute("viewBox", [box.x, box.y, box.width, box.height]
                .map { NumberFormatting.decimal($0) }.joined(separator: " ")),
        ]
        if !identifier.isEmpty { root.append(SVGAttribute("id", identifier)) }
        if !className.isEmpty { root.append(SVGAttribute("class", className)) }
        root.append(SVGAttribute("font-family", fontFamily))
        root.append(SVGAttribute("role", "img"))
        header = ""
        Self.appendStartTag("svg", root, selfClosing: false, to: &header)
        header += "\n"
        if !title.isEmpty { MarkupEscaping.appendElement("title", text: title, to: &header) }
    }

    /// Adds a `<style>` element with `css` (escaped as text, so `>` selectors stay valid XML).
    public mutating func addStyleSheet(_ css: String) {
        MarkupEscaping.appendElement("style", text: css, to: &body)
    }

    /// Opens `<g>` with the given attributes; close it with `endGroup()`.
    public mutating func beginGroup(_ attributes: [SVGAttribute] = []) {
        beginElement("g", attributes)
    }

    /// Closes the innermost open `<g>`.
    public mutating func endGroup() {
        precondition(openElements.last == "g", "SVGDocument: endGroup() without a matching beginGroup()")
        endElement()
    }

    /// Opens an element with the given name and attributes; close it with `endElement()`.
    public mutating func beginElement(_ name: String, _ attributes: [SVGAttribute] = []) {
        precondition(SVGAttribute.isValidName(name), "SVGDocument: '\(name)' is not a valid element name")
        Self.appendStartTag(name, attributes, selfClosing: false, to: &body)
        openElements.append(name)
        if name == "g" { body += "\n" }
    }

    /// Closes the innermost open element.
    public mutating func endElement() {
        guard let name = openElements.popLast() else {
            preconditionFailure("SVGDocument: endElement() with no open element")
        }
        body += "</"
        body += name
        body += ">\n"
    }

    /// Adds one element: self-closing when it has neither text nor a title, else with a
    /// `<title>` first child (the hover tooltip) followed by its escaped `text` content.
    public mutating func addElement(_ name: String, _ attributes: [SVGAttribute], text: String = "",
                                    title: String = "") {
        precondition(SVGAttribute.isValidName(name), "SVGDocument: '\(name)' is not a valid element name")
        if text.isEmpty && title.isEmpty {
            Self.appendStartTag(name, attributes, selfClosing: true, to: &body)
        } else {
            Self.appendStartTag(name, attributes, selfClosing: false, to: &body)
            if !title.isEmpty {
                body += "<title>"
                MarkupEscaping.appendText(title, to: &body)
                body += "</title>"
            }
            MarkupEscaping.appendText(text, to: &body)
            body += "</"
            body += name
            body += ">"
        }
        body += "\n"
    }

    /// Adds `<rect>`; extra attributes (fill, stroke, class) follow the geometry.
    public mutating func addRectangle(_ rectangle: SVGRectangle, _ attributes: [SVGAttribute] = [],
                                      title: String = "") {
        addElement("rect", [
            SVGAttribute("x", rectangle.x), SVGAttribute("y", rectangle.y),
            SVGAttribute("width", rectangle.width), SVGAttribute("height", rectangle.height),
        ] + attributes, title: title)
    }

    /// Adds `<circle>` with an optional hover title.
    public mutating func addCircle(centerX: Double, centerY: Double, radius: Double,
                                   _ attributes: [SVGAttribute] = [], title: String = "") {
        addElement("circle", [
            SVGAttribute("cx", centerX), SVGAttribute("cy", centerY), SVGAttribute("r", radius),
        ] + attributes, title: title)
    }

    /// Adds `<line>` from (x1, y1) to (x2, y2).
    public mutating func addLine(x1: Double, y1: Double, x2: Double, y2: Double,
                                 _ attributes: [SVGAttribute] = []) {
        addElement("line", [
            SVGAttribute("x1", x1), SVGAttribute("y1", y1), SVGAttribute("x2", x2), SVGAttribute("y2", y2),
        ] + attributes)
    }

    /// Adds `<text>` whose baseline starts at (x, y) (or is centred there with
    /// `text-anchor="middle"` among the attributes).
    public mutating func addText(_ text: String, x: Double, y: Double, _ attributes: [SVGAttribute] = [],
                                 title: String = "") {
        addElement("text", [SVGAttribute("x", x), SVGAttribute("y", y)] + attributes, text: text, title: title)
    }

    /// Appends pre-built, already escaped markup (for writers that stream many similar elements).
    /// The caller guarantees that `markup` is well-formed and escaped.
    public mutating func appendRawMarkup(_ markup: String) {
        body += markup
    }

    /// Reserves room for about `byteCount` more bytes of markup.
    public mutating func reserveCapacity(_ byteCount: Int) {
        body.reserveCapacity(body.utf8.count + byteCount)
    }

    /// The finished document. Every element opened must have been closed.
    public func svg() -> String {
        precondition(openElements.isEmpty,
                     "SVGDocument: svg() with unclosed elements \(openElements.joined(separator: ", "))")
        return header + body + "</svg>\n"
    }

    /// Appends `<name a="v" …>` (or `/>`) with escaped attribute values.
    static func appendStartTag(_ name: String, _ attributes: [SVGAttribute], selfClosing: Bool,
                               to output: inout String) {
        output += "<"
        output += name
        for attribute in attributes {
            output += " "
            output += attribute.name
            output += "=\""
            MarkupEscaping.appendAttribute(attribute.value, to: &output)
            output += "\""
        }
        output += selfClosing ? "/>" : ">"
    }
}
