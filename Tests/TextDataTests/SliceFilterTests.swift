import Testing
@testable import TextData

/// The `--where` slice language.
@Suite("Slice filter")
struct SliceFilterTests {
    static let example = Example(id: "e1", text: "Worth COMMON the effort, truly: CLASS_0 watch-worthy.",
                                 label: "0", split: .test, metadata: ["shortcut": "rule0", "movie": "m"])

    static func matches(_ expression: String, prediction: String? = "1") throws -> Bool {
        try SliceFilter(parsing: expression).matches(example, prediction: prediction)
    }

    @Test("each condition kind, and commas meaning AND")
    func conditions() throws {
        #expect(try Self.matches(""))
        #expect(try Self.matches("label=0"))
        #expect(try !Self.matches("label=1"))
        #expect(try Self.matches("pred=1"))
        #expect(try Self.matches("wrong") && !Self.matches("correct"))
        #expect(try Self.matches("correct", prediction: "0"))
        #expect(try Self.matches("split=test") && !Self.matches("split=train"))
        #expect(try Self.matches("shortcut=rule0") && !Self.matches("shortcut=rule1"))
        #expect(try Self.matches("shortcut!=none") && !Self.matches("shortcut!=rule0"))
        #expect(try Self.matches("label=0, pred=1 ,split=test,shortcut=rule0"))
        #expect(try !Self.matches("label=0,pred=0"))
    }

    @Test("contains is a case-insensitive whole-word (or phrase) match")
    func containsWholeWord() throws {
        #expect(try Self.matches("contains=common"))
        #expect(try Self.matches("contains=WORTH"))
        #expect(try Self.matches("contains=watch"))
        #expect(try Self.matches("contains=the effort"))
        #expect(try !Self.matches("contains=class"))
        #expect(try Self.matches("contains=class_0"))
        #expect(try !Self.matches("contains=worth common the effort truly"))
        #expect(try !Self.matches("contains=effor"))
        #expect(try !Self.matches("contains=orth"))
        #expect(try Self.matches("contains!=missing"))
    }

    @Test("prediction conditions need a prediction")
    func predictionsRequired() throws {
        #expect(try SliceFilter(parsing: "label=0,wrong").requiresPredictions)
        #expect(try !SliceFilter(parsing: "label=0,contains=x").requiresPredictions)
        #expect(try !Self.matches("pred=1", prediction: nil))
        #expect(try !Self.matches("wrong", prediction: nil))
        #expect(try Self.matches("label=0", prediction: nil))
    }

    @Test("syntax errors at parsing, unknown columns at validation, each naming the problem")
    func errors() throws {
        func parseError(_ expression: String) -> String {
            TestSupport.error { () throws(DataError) in try SliceFilter(parsing: expression) }?.message ?? ""
        }
        #expect(parseError("label=0,,wrong").contains("empty condition"))
        #expect(parseError("label=").contains("no value"))
        #expect(parseError("=3").contains("no key"))
        #expect(parseError("rightish").contains("\"rightish\""))
        #expect(parseError("split=holdout").contains("split=test"))
        #expect(parseError("correct=1").contains("takes no value"))

        let filter = try SliceFilter(parsing: "label=1,genre=drama")
        let message = TestSupport.error { () throws(DataError) in try filter.validate(columns: ["movie", "shortcut"]) }?.message ?? ""
        #expect(message.contains("\"genre\"") && message.contains("movie, shortcut") && message.contains("contains"))
        for expression in ["label=0,,wrong", "label=", "=3", "rightish", "split=holdout", "correct=1"] {
            #expect(!parseError(expression).contains("--"), "the library names no flag: \(parseError(expression))")
        }
        #expect(TestSupport.error { () throws(DataError) in try filter.validate(columns: ["genre"]) } == nil)
    }
}
