import ArgumentParser
import Attribution
import Services

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One example: text, label, prediction and each token's salience.")

    @Argument(help: "The example id.")
    var id: String

    @OptionGroup var salience: SalienceOptions
    @Flag(help: "CNN: each filter's winning n-gram with its exact contribution to the target logit, instead of the map.")
    var ngrams = false
    @OptionGroup var common: WorkspaceOptions

    struct TokenScore: Codable { var token: String; var id: Int32; var score: Float }
    struct Shown: Codable {
        var id: String
        var text: String
        var label: String
        var prediction: String
        var probability: Float
        var method: String
        var recipe: SalienceRecipe
        var tokens: [TokenScore]
        var target: String
        /// Nil for imported maps, which carry no logits.
        var targetLogit: Float?
        var baselineLogit: Float?
        var delta: Float?
        var metadata: [String: String]
    }

    func run() throws {
        try Console.run {
            let session = try common.session()
            let position = try session.position(ofID: id)
            if ngrams { try showNGrams(session: session, position: position); return }
            let specification = try salience.specification(for: session)
            let map = try session.maps(specification, positions: [position])[0]
            let example = session.dataset.examples[position]
            let shown = Shown(
                id: example.id, text: example.text, label: example.label, prediction: session.classes[map.prediction],
                probability: map.probability, method: specification.displayName, recipe: specification.recipe(modelFingerprint: session.model.record.fingerprint),
                tokens: zip(map.tokenIDs, map.scores).map { TokenScore(token: session.term(Int($0)), id: $0, score: $1) },
                target: session.classes[map.target], targetLogit: session.model.isExternal ? nil : map.targetLogit, baselineLogit: map.baselineLogit, delta: map.delta,
                metadata: example.metadata)
            if common.format == .json { Console.printJSON(shown); return }
            print("\(shown.id): \(shown.text)")
            if !example.metadata.isEmpty {
                print(example.metadata.keys.sorted().map { "\($0)=\(example.metadata[$0]!)" }.joined(separator: "  "))
            }
            let source = session.model.record.recipe.importSource.map { "imported from \($0.path)" } ?? "model \(session.model.record.fingerprint)"
            print("label \(shown.label), prediction \(shown.prediction) (p = \(fixed(Double(shown.probability), 3))), \(specification.displayName) towards \(shown.target), \(source)\n")
            let largest = max(shown.tokens.map { abs($0.score) }.max() ?? 1, .leastNonzeroMagnitude)
            var table = TextTable(["#", "token", "id", "score", ""], alignments: [.right, .left, .right, .right, .left])
            for (index, token) in shown.tokens.enumerated() {
                let bar = String(repeating: "█", count: Int((abs(token.score) / largest * 20).rounded()))
                table.add([String(index), token.token, String(token.id), fixed(Double(token.score), 4), bar])
            }
            print(table.render())
        }
    }
}
