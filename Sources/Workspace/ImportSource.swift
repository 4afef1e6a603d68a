/// Where the salience maps of an `external` pseudo model came from (`salience import`).
public struct ImportSource: Codable, Sendable, Equatable {
    /// The JSON Lines file as given on the command line.
    public var path: String
    /// The run name (`--name`), which is also the salience method name of the maps.
    public var name: String
    /// Digest of the file's bytes.
    public var contentDigest: String
    /// Ids of the examples whose line had no `label` (their label is the prediction).
    public var unlabeledIDs: [String]
}
