import Testing
@testable import Services

@Suite("FIND: a feature's share of relevance mass on the matched terms (disable --matching --min-share)")
struct FeatureShareTests {
    @Test("hand-computed shares: positive mass only, merged n-grams, no mass gives 0")
    func shares() {
        // Relevance 3 + 1 on n-grams holding a term, 4 on one without, -2 ignored: 4 / 8 = 0.5.
        let half = FeatureService.termShare([(true, 3), (false, 4), (true, 1), (false, -2)])
        #expect(half == 0.5)
        // A term-bearing n-gram with negative relevance adds nothing: 1 / (1 + 3) = 0.25.
        #expect(FeatureService.termShare([(true, -5), (true, 1), (false, 3)]) == 0.25)
        #expect(FeatureService.termShare([(true, 2)]) == 1)
        #expect(FeatureService.termShare([(false, 2), (false, 0.5)]) == 0)
        #expect(FeatureService.termShare([(true, -1), (false, 0)]) == 0)
        #expect(FeatureService.termShare([]) == 0)
    }
}
