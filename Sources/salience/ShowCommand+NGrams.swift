import Attribution
import Models
import Services

extension ShowCommand {
    /// One row of `show --ngrams`.
    struct NGramRow: Codable {
        var feature: Int
        var width: Int
        var filter: Int
        var start: Int
        var ngram: String
        var contribution: Float
        var tokenContributions: [Float]
    }

    /// The n-gram listing.
    struct NGramListing: Codable {
        var id: String
        var target: String
        var logit: Float
        var biases: Float
        var ngrams: [NGramRow]
    }

    /// `show --ngrams`: every pooled feature that is on, with its winning n-gram and its exact
    /// contribution to the predicted class's logit, largest first (docs/METHOD.md, "Decomposition").
    func showNGrams(session: WorkspaceSession, position: Int) throws {
        guard let model = session.model.classifier as? KimCNN else {
            throw CommandError("show --ngrams lists the CNN's max-pooling windows, and the current model is not a CNN; use show without --ngrams.")
        }
        let sequence = session.tokenIDs(at: position)
        let rows = NGramDecomposition.ngrams(model: model, sequence: sequence, target: nil)
        let configuration = model.configuration
        let exact = model.relevance([sequence], targets: nil, epsilon: 0)[0]
        // The output and hidden biases: what the n-gram terms (filter biases included) leave of the logit.
        let biases = exact.logit - rows.reduce(Float(0)) { $0 + $1.contribution }
        let listing = NGramListing(
            id: session.dataset.examples[position].id, target: session.classes[exact.target], logit: exact.logit, biases: biases,
            ngrams: rows.map { row in
                NGramRow(feature: row.feature, width: configuration.filterWidths[row.feature / configuration.filterCount],
                         filter: row.feature % configuration.filterCount, start: row.start,
                         ngram: row.tokenIDs.map { session.term(Int($0)) }.joined(separator: " "), contribution: row.contribution,
                         tokenContributions: row.tokenContributions)
            })
        if common.format == .json { Console.printJSON(listing); return }
        print("\(listing.id): logit of \(listing.target) = \(fixed(Double(listing.logit), 4)) = output and hidden biases \(fixed(Double(listing.biases), 4)) + the n-gram terms below (each with its filter's bias)\n")
        var table = TextTable(["width", "filter", "start", "n-gram", "contribution"], alignments: [.right, .right, .right, .left, .right])
        for row in listing.ngrams { table.add([String(row.width), String(row.filter), String(row.start), row.ngram, fixed(Double(row.contribution), 4)]) }
        print(table.render())
    }
}
