import Foundation
import Testing
@testable import TextData

/// Reading CSV, TSV and JSON Lines datasets, and the errors for bad input.
@Suite("Dataset loading")
struct DatasetLoadingTests {
    /// Loads `contents` written to a temporary file with the given name.
    static func load(_ contents: String, name: String = "data.csv",
                     options: DatasetOptions = DatasetOptions()) throws(DataError) -> Dataset {
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = TestSupport.write(contents, to: name, in: directory)
        return try Dataset.load(path: path, options: options)
    }

    /// The error message of loading `contents`, or nil.
    static func loadError(_ contents: String, name: String = "data.csv",
                          options: DatasetOptions = DatasetOptions()) -> String? {
        loadFailure(contents, name: name, options: options)?.message
    }

    /// The error of loading `contents`, or nil.
    static func loadFailure(_ contents: String, name: String = "data.csv",
                            options: DatasetOptions = DatasetOptions()) -> DataError? {
        TestSupport.error { () throws(DataError) in try load(contents, name: name, options: options) }
    }

    @Test("CSV: quoted fields, doubled quotes, newlines inside quotes, CRLF, metadata and line numbers")
    func csvQuoting() throws {
        let csv = "id,text,label,split,movie\r\n"
            + "a1,\"Hello, world\",pos,train,m1\r\n"
            + "a2,\"She said \"\"no\"\"\",neg,dev,\"m, 2\"\r\n"
            + "a3,\"two\r\nlines\",pos,test,\r\n"
            + "a4,plain \"inner\" quote,neg,train,m4"
        let dataset = try Self.load(csv)
        #expect(dataset.examples.map(\.text) == ["Hello, world", "She said \"no\"", "two\r\nlines", "plain \"inner\" quote"])
        #expect(dataset.examples.map(\.lineNumber) == [2, 3, 4, 6])
        #expect(dataset.examples.map(\.split) == [.train, .dev, .test, .train])
        #expect(dataset.examples[1].metadata == ["movie": "m, 2"])
        #expect(dataset.examples[2].metadata == ["movie": ""])
        #expect(dataset.metadataColumns == ["movie"])
        #expect(dataset.classes == ["neg", "pos"])
        #expect(dataset.classIndex(of: "pos") == 1)
        #expect(dataset.classIndex(of: "other") == nil)
    }

    @Test("TSV uses the same quoting with tabs; a UTF-8 byte order mark is ignored")
    func tsv() throws {
        let tsv = "\u{FEFF}text\tlabel\tsplit\n\"tab\there\"\t1\ttrain\nplain\t0\ttest\n\n"
        let dataset = try Self.load(tsv, name: "data.tsv")
        #expect(dataset.examples.map(\.text) == ["tab\there", "plain"])
        #expect(dataset.examples.map(\.id) == ["1", "2"])
        #expect(dataset.classes == ["0", "1"])
    }

    @Test("JSON Lines: strings and numbers, escapes, blank lines skipped, numeric class order")
    func jsonLines() throws {
        let jsonl = """
            {"id": 7, "text": "caf\\u00e9 \\"ok\\"", "label": 10, "split": "train", "score": 0.5}

            {"id": "b", "text": "second", "label": 2, "split": "VALIDATION", "flag": true}
            {"id": "c", "text": "third \\ud83d\\ude00", "label": 10, "split": "test", "score": null}
            """
        let dataset = try Self.load(jsonl, name: "data.jsonl")
        #expect(dataset.examples.map(\.id) == ["7", "b", "c"])
        #expect(dataset.examples.map(\.text) == ["café \"ok\"", "second", "third 😀"])
        #expect(dataset.examples.map(\.lineNumber) == [1, 3, 4])
        #expect(dataset.examples.map(\.split) == [.train, .dev, .test])
        #expect(dataset.classes == ["2", "10"])
        #expect(dataset.metadataColumns == ["score", "flag"])
        #expect(dataset.examples[0].metadata == ["score": "0.5", "flag": ""])
        #expect(dataset.examples[1].metadata["flag"] == "true")
    }

    @Test("explicit classes set the order and custom column names are honoured")
    func optionsAreHonoured() throws {
        let csv = "review,sentiment\ngood,positive\nbad,negative\n"
        let options = DatasetOptions(textColumn: "review", labelColumn: "sentiment", classes: ["positive", "negative"])
        let dataset = try Self.load(csv, options: options)
        #expect(dataset.classes == ["positive", "negative"])
        #expect(dataset.examples.map(\.text) == ["good", "bad"])
        #expect(dataset.metadataColumns.isEmpty)
    }

    @Test("without a split column: a seeded, class-stratified 80/10/10 split")
    func seededSplit() throws {
        var csv = "text,label\n"
        for index in 0..<300 { csv += "text \(index),\(index % 3 == 0 ? "a" : "b")\n" }
        let first = try Self.load(csv, options: DatasetOptions(seed: 7))
        let again = try Self.load(csv, options: DatasetOptions(seed: 7))
        let other = try Self.load(csv, options: DatasetOptions(seed: 8))
        #expect(first.examples.map(\.split) == again.examples.map(\.split))
        #expect(first.examples.map(\.split) != other.examples.map(\.split))
        for label in ["a", "b"] {
            let members = first.examples.filter { $0.label == label }
            let count = members.count
            #expect(members.filter { $0.split == .train }.count == Int((Double(count) * 0.8).rounded()))
            #expect(members.filter { $0.split == .dev }.count == Int((Double(count) * 0.1).rounded()))
        }
        #expect(first.examples.filter { $0.split == .test }.count == 30)
    }

    @Test("each kind of bad input is one sentence naming the file, line, column or value, never a flag")
    func badInput() {
        let missingFile = TestSupport.error { () throws(DataError) in
            try Dataset.load(path: "/nonexistent/dir/data.csv", options: DatasetOptions())
        }?.message ?? ""
        #expect(missingFile.contains("/nonexistent/dir/data.csv") && missingFile.contains("does not exist"))
        let missingBundle = TestSupport.error { () throws(DataError) in
            try Dataset.load(path: "/nonexistent/dir/rotten-tomatoes.csv", options: DatasetOptions())
        }
        #expect(missingBundle?.nextStep == .fetchResource("rotten-tomatoes"))

        let noText = Self.loadFailure("review,label\nx,1\ny,0\n")
        #expect(noText?.message.contains("no text column \"text\"") == true && noText?.message.contains("\"review\", \"label\"") == true)
        #expect(noText?.nextStep == .chooseValue(parameter: "textColumn", advice: "with the name of the text column"))
        let noLabel = Self.loadFailure("text,stars\nx,1\ny,0\n")
        #expect(noLabel?.message.contains("\"stars\"") == true)
        #expect(noLabel?.nextStep == .chooseValue(parameter: "labelColumn", advice: "with the name of the label column"))

        let unterminated = Self.loadError("text,label\nok,1\n\"never closed,0\nmore,1\n") ?? ""
        #expect(unterminated.contains("line 3") && unterminated.contains("never closed"))
        let fieldCount = Self.loadError("text,label\nok,1\na,b,c\n") ?? ""
        #expect(fieldCount.contains("line 3") && fieldCount.contains("3 fields") && fieldCount.contains("header has 2"))
        let afterQuote = Self.loadError("text,label\n\"a\"b,1\n") ?? ""
        #expect(afterQuote.contains("line 2"))
        let badJSON = Self.loadError("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": }\n", name: "d.jsonl") ?? ""
        #expect(badJSON.contains("d.jsonl line 2") && badJSON.contains("JSON object"))
        let nested = Self.loadError("{\"text\": \"a\", \"label\": [1]}\n", name: "d.jsonl") ?? ""
        #expect(nested.contains("line 1") && nested.contains("\"label\""))

        let emptyText = Self.loadError("text,label\nok,1\n  ,0\n") ?? ""
        #expect(emptyText.contains("line 3") && emptyText.contains("empty text"))
        let oneClass = Self.loadError("text,label\na,1\nb,1\n") ?? ""
        #expect(oneClass.contains("at least 2 classes"))
        let notInClasses = Self.loadFailure("text,label\na,pos\nb,neutral\n", options: DatasetOptions(classes: ["pos", "neg"]))
        #expect(notInClasses?.message.contains("line 3 has the label \"neutral\", which is not among the classes pos,neg") == true)
        #expect(notInClasses?.nextStep == .chooseValue(parameter: "classes", advice: "with every label of the file"))
        let duplicate = Self.loadError("id,text,label\nx,a,1\ny,b,0\nx,c,1\n") ?? ""
        #expect(duplicate.contains("line 4") && duplicate.contains("\"x\"") && duplicate.contains("line 2"))
        let badSplit = Self.loadFailure("text,label,split\na,1,train\nb,0,holdout\n")
        #expect(badSplit?.message.contains("line 3 has the split \"holdout\" in column \"split\"") == true)
        #expect(badSplit?.nextStep == .chooseValue(parameter: "splitColumn", advice: "with another column"))
        let badExtension = Self.loadError("text,label\n", name: "data.xlsx") ?? ""
        #expect(badExtension.contains(".csv"))
        let empty = Self.loadError("", name: "data.csv") ?? ""
        #expect(empty.contains("empty"))

        for message in [missingFile, noText?.message, badSplit?.message, oneClass, notInClasses?.message, emptyText, duplicate] {
            #expect(message?.contains("--") == false, "no command-line flag in the library's words: \(message ?? "")")
        }
    }

    @Test("write(csvTo:) writes id,text,label,split,metadata and reads back identically")
    func writeRoundTrip() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let source = TestSupport.write("""
            {"id": "a", "text": "quote \\" and, comma", "label": "x", "split": "train", "note": " padded "}
            {"id": "b", "text": "two\\nlines", "label": "y", "split": "test", "note": "plain"}
            """, to: "in.jsonl", in: directory)
        let dataset = try Dataset.load(path: source, options: DatasetOptions())
        let output = directory + "/out.csv"
        try dataset.write(csvTo: output)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.hasPrefix("id,text,label,split,note\r\n"))
        let reloaded = try Dataset.load(path: output, options: DatasetOptions())
        var expected = dataset.examples
        for index in expected.indices { expected[index].lineNumber = reloaded.examples[index].lineNumber }
        #expect(reloaded.examples == expected)
        #expect(reloaded.classes == dataset.classes)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }
}

/// A line or field longer than the reader's bound is refused with its line number.
@Suite("Dataset loading: long lines and fields")
struct LongFieldTests {
    @Test("a JSON Lines line and a CSV field over 16 MiB are refused with their line number", arguments: ["data.jsonl", "data.csv", "data.tsv"])
    func tooLong(name: String) throws {
        let long = String(repeating: "a", count: RawTable.maximumFieldByteCount + 10)
        let contents = name.hasSuffix("jsonl")
            ? "{\"text\": \"fine\", \"label\": \"x\"}\n{\"text\": \"\(long)\", \"label\": \"y\"}\n"
            : name.hasSuffix("csv") ? "text,label\nfine,x\n\"\(long)\",y\n" : "text\tlabel\nfine\tx\n\(long)\ty\n"
        let message = try #require(DatasetLoadingTests.loadError(contents, name: name))
        #expect(message.contains("line 2") || message.contains("line 3"), "\(message)")
        #expect(message.contains("longer than 16 MiB"), "\(message)")
    }
}
