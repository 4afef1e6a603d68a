// The Swift side of `make bench` (Benchmarks/run.sh, Benchmarks/README.md). Usage:
//   salience-bench kmeans|neighbors|tsne --data DIR [--out FILE] [--repeats N]
//   salience-bench attribution --model DIR --data FILE --out FILE [--internal-batch-sizes 64,512] [--gradients-only]
//   salience-bench bert --checkpoint DIR --data FILE --out FILE [--batch 16] [--length 64] [--repetitions 5]
//   salience-bench sgemm --out FILE
import Foundation
import Analysis
import Attribution
import LinearAlgebra
import Models

let usage = "usage: salience-bench kmeans|neighbors|tsne --data DIR [--out FILE] [--repeats N] | attribution --model DIR --data FILE --out FILE | bert --checkpoint DIR --data FILE --out FILE | sgemm --out FILE"

/// A benchmark invoked with the wrong arguments.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The value after `flag` in the command line, if present.
func option(_ flag: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

// The same kernel policy as the program: restart with the best kernel when OpenBLAS chose a lower one.
BLASEnvironment.restartWithBestKernelIfNeeded()
BLASEnvironment.current().reportOnce()
let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
do {
    switch command {
    case "kmeans":
        let data = URL(fileURLWithPath: option("--data", in: arguments) ?? "Benchmarks/work")
        let out = option("--out", in: arguments).map(URL.init(fileURLWithPath:)) ?? data.appendingPathComponent("kmeans-swift.json")
        let repeats = option("--repeats", in: arguments).flatMap(Int.init) ?? 3
        try KMeansBenchmark.run(dataDirectory: data, output: out, repeatCount: repeats)
    case "neighbors":
        let data = URL(fileURLWithPath: option("--data", in: arguments) ?? "Benchmarks/work")
        let out = option("--out", in: arguments).map(URL.init(fileURLWithPath:)) ?? data.appendingPathComponent("neighbors-swift.json")
        let repeats = option("--repeats", in: arguments).flatMap(Int.init) ?? 3
        try NeighborsAndTSNEBenchmark.runNeighbors(dataDirectory: data, output: out, repeatCount: repeats)
    case "tsne":
        let data = URL(fileURLWithPath: option("--data", in: arguments) ?? "Benchmarks/work")
        let out = option("--out", in: arguments).map(URL.init(fileURLWithPath:)) ?? data.appendingPathComponent("tsne-swift.json")
        try NeighborsAndTSNEBenchmark.runTSNE(dataDirectory: data, output: out)
    case "attribution":
        guard let modelDirectory = option("--model", in: arguments), let dataPath = option("--data", in: arguments),
              let out = option("--out", in: arguments) else {
            throw BenchError("attribution needs --model DIR --data FILE --out FILE")
        }
        let data = try AttributionBenchmark.testSequences(modelDirectory: modelDirectory, dataPath: dataPath)
        let internalBatchSizes = option("--internal-batch-sizes", in: arguments).map { $0.split(separator: ",").compactMap { Int($0) } }
            ?? [IntegratedGradients().internalBatchSize]
        // --gradients-only: Grad-L2, Grad×Input and IG-50 alone (no explainers, no completeness gaps).
        let gradientsOnly = arguments.contains("--gradients-only")
        let report = AttributionBenchmark.run(model: try KimCNN.load(from: modelDirectory), sequences: data.sequences, maskID: data.maskID,
                                              internalBatchSizes: internalBatchSizes, explainers: !gradientsOnly,
                                              maskBaseline: !gradientsOnly, gapSteps: gradientsOnly ? [] : [10, 50, 200])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: out))
    case "bert":
        guard let checkpoint = option("--checkpoint", in: arguments), let dataPath = option("--data", in: arguments),
              let out = option("--out", in: arguments) else {
            throw BenchError("bert needs --checkpoint DIR --data FILE --out FILE")
        }
        let report = try BertBenchmark.run(checkpoint: checkpoint, dataPath: dataPath,
                                           batch: option("--batch", in: arguments).flatMap(Int.init) ?? 16,
                                           length: option("--length", in: arguments).flatMap(Int.init) ?? 64,
                                           repetitions: option("--repetitions", in: arguments).flatMap(Int.init) ?? 5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: out))
    case "sgemm":
        guard let out = option("--out", in: arguments) else { throw BenchError("sgemm needs --out FILE") }
        let report = SgemmBenchmark.run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: out))
    default:
        FileHandle.standardError.write(Data("salience-bench: unknown benchmark '\(command)'. \(usage)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("salience-bench: \(error)\n".utf8))
    exit(1)
}
