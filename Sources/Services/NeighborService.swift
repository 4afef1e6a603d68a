import Analysis
import Attribution
import LinearAlgebra
import Representation
import Workspace

/// Nearest neighbours of an example by cosine similarity of its representation (paper Sec. 7).
public struct NeighborService: Sendable {
    /// The session whose examples are searched.
    public let session: WorkspaceSession

    /// Neighbour search over `session`.
    public init(session: WorkspaceSession) { self.session = session }

    /// The most salient terms of a map: the largest |score| per distinct token, specials and punctuation left out.
    /// - Complexity: O(tokens log tokens).
    public func topTerms(of map: SalienceMap, count: Int) -> [String] {
        Self.salientTerms(of: map, count: count, excluded: session.excludedTokenIDs(punctuation: true), vocabulary: session.model.vocabulary)
    }

    /// The `count` pool examples whose representation is most cosine-similar to the query's.
    ///
    /// The query is never its own neighbour. Sparse representations are searched through an inverted
    /// index, dense ones by blocked GEMM.
    /// - Complexity: O(query non-zeros × pool postings) sparse, O(pool × width) dense.
    public func neighbors(of query: Int, pool: [Int], count: Int, representation options: RepresentationOptions,
                          salience: SalienceSpecification) throws(WorkspaceError) -> NeighborReport {
        guard count >= 1 else {
            throw WorkspaceError("The neighbour count must be at least 1, got \(count).", nextStep: .chooseValue(parameter: "neighborCount", advice: "at least 1"))
        }
        let pool = pool.filter { $0 != query }
        guard !pool.isEmpty else {
            throw WorkspaceError("The neighbour pool is empty once the query is left out.",
                                 nextStep: .chooseValue(parameter: "pool", advice: "a wider pool, or neighbours of any label"))
        }
        let positions = [query] + pool
        let maps = try session.maps(salience, positions: positions)
        let matrix = try RepresentationService(session: session).representation(options, positions: positions, maps: maps)
        let found: [Neighbor]
        switch matrix {
        case .sparse(let sparse):
            found = NearestNeighbors.search(queries: sparse.rows([0]), pool: sparse.rows(Array(1..<positions.count)), count: count)[0]
        case .dense(let dense):
            found = NearestNeighbors.search(queries: dense.rows([0]), pool: dense.rows(Array(1..<positions.count)), count: count)[0]
        }
        let termCount = options.topK ?? 5
        let queryTerms = topTerms(of: maps[0], count: termCount)
        let examples = session.dataset.examples
        let predictions = session.predictions
        let classes = session.classes
        let entries = found.map { neighbor -> NeighborEntry in
            let position = pool[neighbor.index]
            let terms = topTerms(of: maps[neighbor.index + 1], count: termCount)
            let candidate = examples[position]
            return NeighborEntry(id: candidate.id, text: candidate.text, label: candidate.label, prediction: classes[predictions[position]],
                                 similarity: neighbor.similarity, topTerms: terms, sharedTerms: queryTerms.filter(terms.contains))
        }
        let example = examples[query]
        return NeighborReport(
            query: NeighborQuery(id: example.id, text: example.text, label: example.label, prediction: classes[predictions[query]],
                                 probability: session.probabilities[query][predictions[query]], topTerms: queryTerms),
            neighbors: entries, representation: options.kind.rawValue,
            method: options.usesSalience ? salience.method : "none", poolSize: pool.count)
    }
}
