import Analysis
import Foundation
import LinearAlgebra

/// `salience-bench neighbors` and `salience-bench tsne`: time exact cosine kNN and t-SNE on the
/// matrices listed in DATA/neighbors-tasks.json and DATA/tsne-tasks.json (written by
/// `Benchmarks/bench_neighbors_tsne.py generate`), write the neighbour indices / coordinates
/// as `.npy` next to them and the timings as JSON for `bench_neighbors_tsne.py report`.
///
/// Intended command lines (wired in main.swift like `kmeans`):
///
///     salience-bench neighbors --data DIR [--out FILE] [--repeats N]   # FILE defaults to DIR/neighbors-swift.json
///     salience-bench tsne      --data DIR [--out FILE]                 # FILE defaults to DIR/tsne-swift.json
public enum NeighborsAndTSNEBenchmark {
    struct NeighborsManifest: Decodable {
        struct Task: Decodable {
            var id: String
            var kind: String
            var rows: Int
            var columns: Int
            var count: Int
            var files: [String: String]
            /// Where salience's neighbour indices go, int32 [rows, count].
            var oursFile: String
        }
        var tasks: [Task]
    }

    struct TSNEManifest: Decodable {
        struct Task: Decodable {
            var id: String
            var rows: Int
            var columns: Int
            var file: String
            /// Where salience's coordinates go, float32 [rows, 2].
            var oursFile: String
            var seed: UInt64
        }
        var tasks: [Task]
    }

    struct Outcome: Encodable {
        var id: String
        var seconds: Double
        var allSeconds: [Double]
        var klDivergence: Double?
        /// Gradient steps taken (t-SNE only).
        var iterationCount: Int? = nil
    }

    struct Report: Encodable {
        var tool: String
        var results: [Outcome]
        var loadAverage: [Double]?
    }

    /// Times `NearestNeighbors.search(queries: X, pool: X, count: k, excludeSelf: true)` for every
    /// task, best of `repeatCount`, and writes the indices and `output`.
    public static func runNeighbors(dataDirectory: URL, output: URL, repeatCount: Int) throws {
        let manifest = try JSONDecoder().decode(NeighborsManifest.self, from: manifestData("neighbors-tasks.json", in: dataDirectory))
        var outcomes: [Outcome] = []
        let loadBefore = KMeansBenchmark.loadAverage()
        for task in manifest.tasks {
            let input = try KMeansBenchmark.load(
                KMeansBenchmark.Manifest.Task(id: task.id, kind: task.kind, rows: task.rows, columns: task.columns, k: task.count, files: task.files),
                from: dataDirectory)
            var timings: [Double] = []
            var neighbors: [[Neighbor]] = []
            for _ in 0..<max(repeatCount, 1) {
                let start = ContinuousClock.now
                switch input {
                case .dense(let matrix): neighbors = NearestNeighbors.search(queries: matrix, pool: matrix, count: task.count, excludeSelf: true)
                case .sparse(let matrix): neighbors = NearestNeighbors.search(queries: matrix, pool: matrix, count: task.count, excludeSelf: true)
                }
                timings.append(seconds(since: start))
            }
            try writeNumpy(neighbors.flatMap { $0.map { Int32($0.index) } }, descriptor: "<i4", shape: [task.rows, task.count],
                           to: dataDirectory.appendingPathComponent(task.oursFile))
            outcomes.append(Outcome(id: task.id, seconds: timings.min()!, allSeconds: timings, klDivergence: nil))
            print("salience \(task.id): \(String(format: "%.3f", timings.min()!)) s")
        }
        try write(Report(tool: "salience", results: outcomes, loadAverage: loads(loadBefore)), to: output)
    }

    /// Runs `TSNE()` (the defaults of docs/METHOD.md §6.5) once per task, seeded, and writes the coordinates and `output`.
    public static func runTSNE(dataDirectory: URL, output: URL) throws {
        let manifest = try JSONDecoder().decode(TSNEManifest.self, from: manifestData("tsne-tasks.json", in: dataDirectory))
        var outcomes: [Outcome] = []
        let loadBefore = KMeansBenchmark.loadAverage()
        for task in manifest.tasks {
            let (values, shape) = try NumpyFile.floats(dataDirectory.appendingPathComponent(task.file))
            guard shape == [task.rows, task.columns] else {
                throw NumpyFile.Failure(description: "t-SNE task \(task.id) has shape \(shape), expected [\(task.rows), \(task.columns)].")
            }
            let matrix = Matrix(rowCount: task.rows, columnCount: task.columns, values: values)
            var generator = SplitMix64(seed: task.seed)
            let start = ContinuousClock.now
            let result = try TSNE().embed(matrix, generator: &generator)
            let elapsed = seconds(since: start)
            try writeNumpy(result.coordinates.values, descriptor: "<f4", shape: [task.rows, 2],
                           to: dataDirectory.appendingPathComponent(task.oursFile))
            outcomes.append(Outcome(id: task.id, seconds: elapsed, allSeconds: [elapsed], klDivergence: result.klDivergence,
                                    iterationCount: result.iterationCount))
            print("salience \(task.id): \(String(format: "%.3f", elapsed)) s, KL \(String(format: "%.4f", result.klDivergence))")
        }
        try write(Report(tool: "salience", results: outcomes, loadAverage: loads(loadBefore)), to: output)
    }

    private static func manifestData(_ name: String, in directory: URL) throws -> Data {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else {
            throw NumpyFile.Failure(description: "No \(url.path); run `python Benchmarks/bench_neighbors_tsne.py generate --data \(directory.path)` first.")
        }
        return data
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return elapsed.inSeconds
    }

    private static func loads(_ before: Double?) -> [Double]? {
        let pair = [before, KMeansBenchmark.loadAverage()].compactMap { $0 }
        return pair.count == 2 ? pair : nil
    }

    private static func write(_ report: Report, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: url)
    }

    /// Writes a C-ordered little-endian `.npy` (format 1.0) of `Float` or `Int32` elements.
    static func writeNumpy<Element>(_ elements: [Element], descriptor: String, shape: [Int], to url: URL) throws {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(Data(header.utf8))
        elements.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: url)
    }
}
