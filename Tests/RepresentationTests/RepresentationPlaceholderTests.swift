import Testing

@Suite("Representation placeholder")
struct RepresentationPlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
