/// Where the salience maps of an `external` pseudo model came from (an imported JSON Lines file).
public struct ImportSource: Codable, Sendable, Equatable {
    /// The JSON Lines file as the caller named it.
    public var path: String
    /// The run name, which is also the salience method name of the maps.
    public var name: String
    /// Digest of the file's bytes.
    public var contentDigest: String
    /// Ids of the examples whose line had no `label` (their label is the prediction).
    public var unlabeledIDs: [String]

    /// The source of maps read from `path` and stored as the run `name`.
    public init(path: String, name: String, contentDigest: String, unlabeledIDs: [String]) {
        self.path = path
        self.name = name
        self.contentDigest = contentDigest
        self.unlabeledIDs = unlabeledIDs
    }
}
