import Testing
@testable import Attribution

@Suite("Salience method factory")
struct SalienceMethodFactoryTests {
    @Test("builds each method with its settings")
    func builds() throws {
        let l2 = try SalienceMethodFactory.make(name: "grad-l2", steps: 0, quadrature: "?", baseline: "?", padID: 0, maskID: 103, normalization: "sum")
        #expect((l2 as? GradientL2)?.normalization == "sum")
        let product = try SalienceMethodFactory.make(name: "grad-input", steps: 50, quadrature: "gauss-legendre", baseline: "zero",
                                                     padID: 0, maskID: 103, normalization: "none")
        #expect(product is GradientTimesInput)
        let ig = try #require(try SalienceMethodFactory.make(name: "ig", steps: 25, quadrature: "riemann-middle", baseline: "mask",
                                                             padID: 0, maskID: 103, normalization: "none") as? IntegratedGradients)
        #expect(ig.steps == 25 && ig.quadrature == .riemannMiddle && ig.baseline == .token(103) && ig.baselineName == "mask")
        #expect(ig.recipe(target: "prediction", modelFingerprint: "m").baseline == "mask")
        let padded = try #require(try SalienceMethodFactory.make(name: "ig", steps: 50, quadrature: "gauss-legendre", baseline: "pad",
                                                                 padID: 0, maskID: 103, normalization: "none") as? IntegratedGradients)
        #expect(padded.baseline == .token(0) && padded.baselineName == "pad")
        let defaults = try #require(try SalienceMethodFactory.make(name: "ig", padID: 0, maskID: 103) as? IntegratedGradients)
        #expect(defaults.steps == 50 && defaults.quadrature == .gaussLegendre && defaults.baseline == .zero && defaults.normalization == "none")
    }

    @Test("rejects bad settings with a sentence naming the value, not a flag", arguments: [
        ("gradl2", 50, "gauss-legendre", "zero", "none", "salience method 'gradl2' is unknown; the built-in methods are grad-l2, grad-input, ig, lrp, occlusion, lime or decomposition"),
        ("ig", 0, "gauss-legendre", "zero", "none", "needs at least 1 interpolation step, got 0"),
        ("ig", 1, "trapezoid", "zero", "none", "the trapezoid rule needs at least 2 interpolation steps, got 1"),
        ("ig", 50, "simpson", "zero", "none", "quadrature rule 'simpson' is unknown"),
        ("ig", 50, "gauss-legendre", "unk", "none", "integration baseline 'unk' is unknown; use zero, pad or mask"),
        ("grad-input", 50, "gauss-legendre", "zero", "l1", "score normalisation 'l1' is unknown; use none or sum"),
    ])
    func rejects(name: String, steps: Int, quadrature: String, baseline: String, normalization: String, fragment: String) {
        do {
            _ = try SalienceMethodFactory.make(name: name, steps: steps, quadrature: quadrature, baseline: baseline,
                                               padID: 0, maskID: 103, normalization: normalization)
            Issue.record("expected an error mentioning \(fragment)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.message.hasSuffix("."))
            #expect(!error.message.contains("--"), "no command-line flag: \(error.message)")
        }
    }

    @Test("a mask baseline without a [MASK] token is refused")
    func missingMask() {
        #expect(throws: AttributionError("The mask baseline needs the model's [MASK] token, which its vocabulary lacks; use the zero baseline.")) {
            try SalienceMethodFactory.make(name: "ig", steps: 50, quadrature: "gauss-legendre", baseline: "mask", padID: 0, maskID: -1, normalization: "none")
        }
    }
}
