import Testing

@Suite("TextData placeholder")
struct TextDataPlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
