import Foundation

/// The folder that holds the fetched data (`rotten-tomatoes.csv`, `models/`, the wheel `cache/`),
/// chosen as Hugging Face and scikit-learn choose theirs: the `SALIENCE_HOME` environment
/// variable wins; else `Data/` of this repository when the current folder lies inside a checkout
/// (today's layout, which the Makefile, scripts and tests use); else a per-user cache,
/// `$XDG_CACHE_HOME/salience` or `~/.cache/salience`.
public struct DataHome: Sendable, Equatable {
    /// Why this folder was chosen.
    public enum Origin: String, Sendable, Equatable {
        /// Named by the `SALIENCE_HOME` environment variable.
        case environment
        /// The `Data/` folder of the repository checkout around the current folder.
        case repository
        /// The per-user cache folder.
        case userCache
    }

    /// The environment variable that names the data home outright.
    public static let environmentVariable = "SALIENCE_HOME"

    /// The folder (relative to the current folder when that is the repository root, else absolute).
    public let directory: String
    /// Why `directory` was chosen.
    public let origin: Origin

    public init(directory: String, origin: Origin) {
        self.directory = directory
        self.origin = origin
    }

    /// The data home for this process's environment and current folder.
    public static var current: DataHome {
        resolve(environment: ProcessInfo.processInfo.environment,
                currentDirectory: FileManager.default.currentDirectoryPath,
                homeDirectory: NSHomeDirectory(),
                isRepositoryRoot: isSalienceCheckout)
    }

    /// The data home for a given environment, current folder and home folder; `isRepositoryRoot`
    /// tells whether a folder is the root of this project's checkout.
    /// - Complexity: O(depth of `currentDirectory`) calls of `isRepositoryRoot`.
    public static func resolve(environment: [String: String], currentDirectory: String, homeDirectory: String,
                               isRepositoryRoot: (String) -> Bool) -> DataHome {
        if let named = environment[environmentVariable], !named.isEmpty {
            return DataHome(directory: named, origin: .environment)
        }
        var folder = URL(fileURLWithPath: currentDirectory).standardizedFileURL
        while true {
            if isRepositoryRoot(folder.path) {
                let sameFolder = folder.path == URL(fileURLWithPath: currentDirectory).standardizedFileURL.path
                return DataHome(directory: sameFolder ? "Data" : folder.appendingPathComponent("Data").path, origin: .repository)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        let cacheRoot = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (homeDirectory as NSString).appendingPathComponent(".cache")
        return DataHome(directory: (cacheRoot as NSString).appendingPathComponent("salience"), origin: .userCache)
    }

    /// Whether `folder` holds this project's `Package.swift` (a SwiftPM package named `salience`).
    public static func isSalienceCheckout(_ folder: String) -> Bool {
        let manifest = (folder as NSString).appendingPathComponent("Package.swift")
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { return false }
        return text.contains("name: \"salience\"")
    }

    /// `<home>/rotten-tomatoes.csv`.
    public var rottenTomatoesPath: String { (directory as NSString).appendingPathComponent("rotten-tomatoes.csv") }

    /// `<home>/models/all-MiniLM-L6-v2`, the default checkpoint.
    public var miniLMDirectory: String { (directory as NSString).appendingPathComponent("models/all-MiniLM-L6-v2") }

    /// `<home>/cache`, where the downloaded wheels are kept.
    public var cacheDirectory: String { (directory as NSString).appendingPathComponent("cache") }

    /// One phrase saying where the folder came from, for messages.
    public var originDescription: String {
        switch origin {
        case .environment: return "from \(DataHome.environmentVariable)"
        case .repository: return "the repository's Data folder"
        case .userCache: return "the per-user cache; set \(DataHome.environmentVariable) to choose another folder"
        }
    }
}
