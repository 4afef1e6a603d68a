import Testing

@Suite("CLI placeholder")
struct CLIPlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
