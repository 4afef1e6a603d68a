// The Swift side of `make bench` (Benchmarks/run.sh, Benchmarks/README.md). Usage:
//   salience-bench kmeans --data DIR [--out FILE] [--repeats N]
import Foundation

let usage = "usage: salience-bench kmeans --data DIR [--out FILE] [--repeats N]"

/// The value after `flag` in the command line, if present.
func option(_ flag: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

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
    default:
        FileHandle.standardError.write(Data("salience-bench: unknown benchmark '\(command)'. \(usage)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("salience-bench: \(error)\n".utf8))
    exit(1)
}
