import ArgumentParser
import Attribution
import Services
import Workspace

/// The slice, representation, salience method and workspace options of every analysis.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var slice: SliceOptions
    @OptionGroup var representation: RepresentationArguments
    @OptionGroup var salience: SalienceOptions
    @OptionGroup var common: WorkspaceOptions
    @OptionGroup var version: ModelVersionOptions

    /// The workspace's session, the slice and the salience method of these options.
    func open() throws -> AnalysisInput {
        let session = try common.session(modelVersion: version.modelVersion)
        var specification = try salience.specification(for: session)
        specification.seed = common.seed
        return AnalysisInput(session: session, positions: try slice.positions(in: session), specification: specification)
    }
}

/// What an analysis starts from: the open session, the slice's positions and the salience method.
struct AnalysisInput {
    let session: WorkspaceSession
    let positions: [Int]
    let specification: SalienceSpecification

    /// Refuses more clusters (`--k`) than the slice has examples.
    func checkClusterCount(_ clusterCount: Int) throws {
        guard clusterCount <= positions.count else {
            throw CommandError("--k \(clusterCount) is larger than the slice of \(positions.count) examples; lower --k or widen --where.")
        }
    }

    /// The salience maps of the slice, computed where missing.
    func maps() throws -> [SalienceMap] { try session.maps(specification, positions: positions) }
}
