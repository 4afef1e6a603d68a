import Testing

@Suite("Workspace placeholder")
struct WorkspacePlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
