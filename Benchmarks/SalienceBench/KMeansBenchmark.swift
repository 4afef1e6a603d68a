import Analysis
import Foundation
import LinearAlgebra

/// `salience-bench kmeans`: times `KMeans.fit` on the matrices listed in
/// DATA/kmeans-tasks.json (written by Benchmarks/bench_kmeans.py) and writes the results
/// as JSON for `bench_kmeans.py report`.
enum KMeansBenchmark {
    struct Manifest: Decodable {
        struct Task: Decodable {
            var id: String
            var kind: String
            var rows: Int
            var columns: Int
            var k: Int
            var files: [String: String]
        }
        var nInit: Int
        var tasks: [Task]
    }

    struct Outcome: Encodable {
        var id: String
        var seconds: Double
        var allSeconds: [Double]
        var inertia: Double
        var iterationCount: Int
    }

    struct Report: Encodable {
        var tool: String
        var results: [Outcome]
        /// 1-minute load average before and after the timings (from /proc/loadavg).
        var loadAverage: [Double]?
    }

    /// The 1-minute load average, when the system reports one.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    enum Input {
        case dense(Matrix)
        case sparse(SparseMatrix)
    }

    static func run(dataDirectory: URL, output: URL, repeatCount: Int) throws {
        let manifestURL = dataDirectory.appendingPathComponent("kmeans-tasks.json")
        guard let manifestData = try? Data(contentsOf: manifestURL) else {
            throw NumpyFile.Failure(description: "No \(manifestURL.path); run `python Benchmarks/bench_kmeans.py generate --data \(dataDirectory.path)` first.")
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
        var outcomes: [Outcome] = []
        let loadBefore = loadAverage()
        for task in manifest.tasks {
            let input = try load(task, from: dataDirectory)
            let kmeans = KMeans(clusterCount: task.k, initializationCount: manifest.nInit)
            var timings: [Double] = []
            var last: KMeansResult?
            for _ in 0..<max(repeatCount, 1) {
                var generator = SplitMix64(seed: 0)
                let clock = ContinuousClock()
                let start = clock.now
                let result: KMeansResult
                switch input {
                case .dense(let matrix): result = kmeans.fit(matrix, generator: &generator)
                case .sparse(let matrix): result = kmeans.fit(matrix, generator: &generator)
                }
                let elapsed = clock.now - start
                timings.append(elapsed.inSeconds)
                last = result
            }
            let best = timings.min()!
            outcomes.append(Outcome(id: task.id, seconds: best, allSeconds: timings, inertia: last!.inertia,
                                    iterationCount: last!.iterationCount))
            print("salience \(task.id): \(String(format: "%.3f", best)) s, inertia \(String(format: "%.4f", last!.inertia))")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let loads = [loadBefore, loadAverage()].compactMap { $0 }
        try encoder.encode(Report(tool: "salience", results: outcomes, loadAverage: loads.count == 2 ? loads : nil)).write(to: output)
    }

    static func load(_ task: Manifest.Task, from directory: URL) throws -> Input {
        func url(_ part: String) throws -> URL {
            guard let name = task.files[part] else {
                throw NumpyFile.Failure(description: "Task \(task.id) in kmeans-tasks.json lists no '\(part)' file; regenerate the manifest.")
            }
            return directory.appendingPathComponent(name)
        }
        if task.kind == "sparse" {
            let offsets = try NumpyFile.integers(url("indptr"))
            let columns = try NumpyFile.integers(url("indices")).map { Int32($0) }
            let values = try NumpyFile.floats(url("data")).values
            guard offsets.count == task.rows + 1, columns.count == values.count, offsets.last == values.count else {
                throw NumpyFile.Failure(description: "Sparse task \(task.id) has inconsistent CSR arrays; regenerate with bench_kmeans.py generate.")
            }
            return .sparse(SparseMatrix(rowCount: task.rows, columnCount: task.columns, rowOffsets: offsets,
                                        columnIndices: columns, values: values))
        }
        let (values, shape) = try NumpyFile.floats(url("values"))
        guard shape == [task.rows, task.columns] else {
            throw NumpyFile.Failure(description: "Dense task \(task.id) has shape \(shape), expected [\(task.rows), \(task.columns)].")
        }
        return .dense(Matrix(rowCount: task.rows, columnCount: task.columns, values: values))
    }
}
