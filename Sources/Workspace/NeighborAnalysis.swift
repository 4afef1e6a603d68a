import Analysis
import Attribution
import LinearAlgebra
import Representation

/// The query of a nearest-neighbour report.
public struct NeighborQuery: Codable, Sendable {
    public var id: String
    public var text: String
    public var label: String
    public var prediction: String
    public var probability: Float
    public var topTerms: [String]
}

/// One neighbour of the query, with the salient terms it shares with it.
public struct NeighborEntry: Codable, Sendable {
    public var id: String
    public var text: String
    public var label: String
    public var prediction: String
    public var similarity: Float
    public var topTerms: [String]
    public var sharedTerms: [String]
}

/// The result of `salience neighbors` (docs/CLI.md), plus what was searched.
public struct NeighborReport: Codable, Sendable {
    public var query: NeighborQuery
    public var neighbors: [NeighborEntry]
    public var representation: String
    public var method: String
    public var poolSize: Int
}

extension WorkspaceSession {
    /// The most salient terms of a map: the largest |score| per distinct token, specials and punctuation left out.
    /// - Complexity: O(tokens log tokens).
    public func topTerms(of map: SalienceMap, count: Int) -> [String] {
        let excluded = excludedTokenIDs(punctuation: true)
        var best: [Int32: Float] = [:]
        for (token, score) in zip(map.tokenIDs, map.scores) where !excluded.contains(token) {
            best[token] = max(best[token] ?? 0, abs(score))
        }
        return best.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(count).map { term(Int($0.key)) }
    }

    /// The `count` pool examples whose representation is most cosine-similar to the query's (paper Sec. 7).
    ///
    /// The query is never its own neighbour. Sparse representations are searched through an inverted
    /// index, dense ones by blocked GEMM.
    /// - Complexity: O(query non-zeros × pool postings) sparse, O(pool × width) dense.
    public func neighbors(of query: Int, pool: [Int], count: Int, representation options: RepresentationOptions,
                          salience: SalienceSpecification) throws(WorkspaceError) -> NeighborReport {
        guard count >= 1 else { throw WorkspaceError("--n must be at least 1, got \(count).") }
        let pool = pool.filter { $0 != query }
        guard !pool.isEmpty else { throw WorkspaceError("The neighbour pool is empty; widen --pool, --pool-where or pass --any-label.") }
        let positions = [query] + pool
        let maps = try maps(salience, positions: positions)
        let matrix = try representation(options, positions: positions, maps: maps)
        let found: [Neighbor]
        switch matrix {
        case .sparse(let sparse):
            found = NearestNeighbors.search(queries: sparse.rows([0]), pool: sparse.rows(Array(1..<positions.count)), count: count)[0]
        case .dense(let dense):
            found = NearestNeighbors.search(queries: dense.rows([0]), pool: dense.rows(Array(1..<positions.count)), count: count)[0]
        }
        let termCount = options.topK ?? 5
        let queryTerms = topTerms(of: maps[0], count: termCount)
        let example = dataset.examples[query]
        let entries = found.map { neighbor -> NeighborEntry in
            let position = pool[neighbor.index]
            let terms = topTerms(of: maps[neighbor.index + 1], count: termCount)
            let candidate = dataset.examples[position]
            return NeighborEntry(id: candidate.id, text: candidate.text, label: candidate.label, prediction: classes[predictions[position]],
                                 similarity: neighbor.similarity, topTerms: terms, sharedTerms: queryTerms.filter(terms.contains))
        }
        return NeighborReport(
            query: NeighborQuery(id: example.id, text: example.text, label: example.label, prediction: classes[predictions[query]],
                                 probability: probabilities[query][predictions[query]], topTerms: queryTerms),
            neighbors: entries, representation: options.kind.rawValue,
            method: options.usesSalience ? salience.method : "none", poolSize: pool.count)
    }
}
