import Testing

@Suite("Attribution placeholder")
struct AttributionPlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
