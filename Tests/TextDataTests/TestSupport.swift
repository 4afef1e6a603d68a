import Foundation
import Testing
@testable import TextData

/// Paths and helpers shared by the TextData tests.
enum TestSupport {
    /// The package root: the nearest ancestor of this file that holds Package.swift.
    static let packageRoot: String = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.path
            }
            directory = directory.deletingLastPathComponent()
        }
        preconditionFailure("no Package.swift above \(#filePath)")
    }()

    /// A file of Tests/TextDataTests/Fixtures.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// The MiniLM vocab.txt fetched by `salience data fetch minilm`.
    static var miniLMVocabularyPath: String {
        packageRoot + "/Data/models/all-MiniLM-L6-v2/vocab.txt"
    }

    /// A fresh temporary directory, removed by the caller with `removeDirectory`.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "textdata-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a directory made by `temporaryDirectory`.
    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `directory/name` and returns the path.
    static func write(_ contents: String, to name: String, in directory: String) -> String {
        let path = directory + "/" + name
        try! Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The error a throwing call raised, if any.
    static func error<T>(_ body: () throws(DataError) -> T) -> DataError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}
