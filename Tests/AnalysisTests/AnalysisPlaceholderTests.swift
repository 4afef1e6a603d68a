import Testing

@Suite("Analysis placeholder")
struct AnalysisPlaceholderTests {
    @Test("the module links") func links() { #expect(Bool(true)) }
}
