import Foundation
import LinearAlgebra
import Models
import Services
import TextData
#if SALIENCE_FUZZING
import CFuzzing
#endif

/// Fuzz targets for every reader of outside bytes: `csv`, `tsv`, `jsonl` (the data loaders),
/// `import` (the imported-salience checker), `safetensors`, `config` (config.json against a tiny
/// checkpoint's tensors), `vocab` (vocab.txt), `wordpiece` (the tokenizer on arbitrary UTF-8) and
/// `where` (the slice filter parser). The target is chosen with SALIENCE_FUZZ_TARGET.
///
/// Built with `-Xswiftc -sanitize=fuzzer -Xswiftc -DSALIENCE_FUZZING` (see `make fuzz`) it hands
/// its arguments to libFuzzer; built plainly it replays the files it is given (a corpus) through
/// the target, so a crash found once stays a regression check. A target may refuse an input with
/// an error; only a trap or crash is a finding.
@main
enum SalienceFuzz {
    static let targetNames = ["csv", "tsv", "jsonl", "import", "safetensors", "config", "vocab", "wordpiece", "where"]

    static func main() {
        guard let name = ProcessInfo.processInfo.environment["SALIENCE_FUZZ_TARGET"], targetNames.contains(name) else {
            FileHandle.standardError.write(Data("Set SALIENCE_FUZZ_TARGET to one of \(targetNames.joined(separator: ", ")).\n".utf8))
            exit(1)
        }
        #if SALIENCE_FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzTargets.run(UnsafeBufferPointer(start: data, count: size))
            return 0
        })
        #else
        var fileCount = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { (argument as NSString).appendingPathComponent($0) }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                data.withUnsafeBytes { FuzzTargets.run(UnsafeBufferPointer(start: $0.bindMemory(to: UInt8.self).baseAddress, count: data.count)) }
                fileCount += 1
            }
        }
        print("\(name): replayed \(fileCount) inputs without a crash")
        #endif
    }
}

#if SALIENCE_FUZZING
/// libFuzzer's entry point, for when its own main runs (the link keeps either main; both end here).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTargets.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#endif

/// The targets themselves.
enum FuzzTargets {
    nonisolated(unsafe) static let target = ProcessInfo.processInfo.environment["SALIENCE_FUZZ_TARGET"] ?? ""
    /// A scratch folder for the readers that take a path.
    nonisolated(unsafe) static let scratch: String = {
        let path = NSTemporaryDirectory() + "salience-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
    /// A tiny checkpoint's model.safetensors (vocabulary 8, 1 layer, H 4) for the config target.
    nonisolated(unsafe) static let checkpoint: String = {
        let directory = scratch + "/checkpoint"
        let configuration = BertConfiguration(vocabularySize: 8, hiddenSize: 4, layerCount: 1, headCount: 2, intermediateSize: 8,
                                              maximumPositionCount: 16, layerNormEpsilon: 1e-12, padID: 0, classCount: 2, usesPooler: true)
        var generator = SplitMix64(seed: 1)
        let parameters = BertParameters(configuration: configuration, generator: &generator)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? BertCheckpoint.save(configuration: configuration, parameters: parameters, to: directory, extraMetadata: [:])
        return directory
    }()
    nonisolated(unsafe) static let tokenizer = WordPieceTokenizer(vocabulary: WordPieceTokenizer.specialTokens
        + ["the", "film", "##s", "good", "bad", "un", "##believ", "##able", "!", ",", "é", "##é", "日", "本"])

    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to name: String) -> String {
        let path = (scratch as NSString).appendingPathComponent(name)
        FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes))
        return path
    }

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch target {
        case "csv": _ = try? Dataset.load(path: write(bytes, to: "data.csv"))
        case "tsv": _ = try? Dataset.load(path: write(bytes, to: "data.tsv"))
        case "jsonl": _ = try? Dataset.load(path: write(bytes, to: "data.jsonl"))
        case "import": _ = try? ImportedSalience.parse(Data(buffer: bytes), path: "fuzz.jsonl")
        case "safetensors": _ = try? SafeTensors.read(path: write(bytes, to: "model.safetensors"))
        case "config":
            let directory = checkpoint
            FileManager.default.createFile(atPath: directory + "/config.json", contents: Data(buffer: bytes))
            var generator = SplitMix64(seed: 1)
            _ = try? BertCheckpoint.load(directory: directory, classCount: 2, generator: &generator)
        case "vocab": _ = try? WordPieceTokenizer(vocabularyPath: write(bytes, to: "vocab.txt"))
        case "wordpiece":
            let text = String(decoding: bytes, as: UTF8.self)
            _ = tokenizer.encode(text, maxLength: 64)
            _ = tokenizer.tokenize(text)
        case "where": _ = try? SliceFilter(parsing: String(decoding: bytes, as: UTF8.self))
        default: break
        }
    }
}
