import Testing

@Suite("Models placeholder")
struct ModelsPlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
