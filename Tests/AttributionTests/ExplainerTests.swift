import LinearAlgebra
import Testing
@testable import Attribution
@testable import Models

/// Occlusion, LIME, LRP and the decomposition as salience methods: hand-computed cases, seeds and refusals.
@Suite("Occlusion, LIME, LRP and decomposition")
struct ExplainerTests {
    /// Ids 0–11; ids 2 and 3 are special, ids 7 and 8 continue a word.
    let words = WordPieceWords(continuation: (0..<12).map { $0 == 7 || $0 == 8 }, special: (0..<12).map { $0 == 2 || $0 == 3 })

    @Test("words group a piece with its ## continuations and skip special tokens")
    func wordGrouping() {
        #expect(words.words(of: [2, 5, 7, 8, 6, 3]) == [1..<4, 4..<5])
        #expect(words.words(of: [7, 5]) == [0..<1, 1..<2])
        #expect(WordPieceWords.everyTokenAWord.words(of: [4, 4]) == [0..<1, 1..<2])
    }

    @Test("occlusion: a word's score is p(target) minus p(target) without all its pieces, spread over them; special tokens score 0")
    func occlusion() {
        let model = LinearTestClassifier()
        let sequence: [Int32] = [2, 5, 7, 6, 3]
        for kind in OcclusionKind.allCases {
            let method = Occlusion(kind: kind, maskID: 4, words: words, internalBatchSize: 1)
            let map = method.attribute(model: model, batch: model.batch([sequence]), targets: .classIndex(1), labels: nil)[0]
            let full = model.probabilities(model.batch([sequence]))[0, 1]
            let firstWord: [Int32] = kind == .mask ? [2, 4, 4, 6, 3] : [2, 6, 3]
            let secondWord: [Int32] = kind == .mask ? [2, 5, 7, 4, 3] : [2, 5, 7, 3]
            let drops = [firstWord, secondWord].map { full - model.probabilities(model.batch([$0]))[0, 1] }
            #expect(map.scores[0] == 0 && map.scores[4] == 0)
            #expect(abs(map.scores[1] - drops[0] / 2) < 1e-6 && abs(map.scores[2] - drops[0] / 2) < 1e-6, "\(kind)")
            #expect(abs(map.scores[3] - drops[1]) < 1e-6, "\(kind)")
            #expect(map.target == 1)
        }
    }

    @Test("the weighted ridge with an unpenalised intercept matches a hand-computed one-feature case")
    func ridge() {
        // x = 1, 0, 1; y = 1, 0, 0.5; weights 1, 1, 2: Σw = 4, Σwx = 3, Σwy = 2, Σwx² = 3, Σwxy = 2;
        // centred: 3 − 9/4 = 0.75 and 2 − 3·2/4 = 0.5; β = 0.5 / (0.75 + 1).
        let beta = LIME.ridge(gram: [3], featureSums: [3], crossSums: [2], weightSum: 4, responseSum: 2, featureCount: 1)
        #expect(abs(beta[0] - 0.5 / 1.75) < 1e-12)
    }

    @Test("LIME is seeded per example: the same seed gives the same map whatever the batch, another seed another map")
    func limeSeeds() {
        let model = LinearTestClassifier()
        let sequences: [[Int32]] = [[2, 5, 7, 6, 9, 10, 3], [2, 11, 1, 0, 3]]
        let method = LIME(samples: 300, seed: 7, words: words, internalBatchSize: 64)
        let together = method.attribute(model: model, batch: model.batch(sequences), targets: .prediction, labels: nil)
        let alone = method.attribute(model: model, batch: model.batch([sequences[0]]), targets: .prediction, labels: nil)
        #expect(together[0] == alone[0])
        let other = LIME(samples: 300, seed: 8, words: words, internalBatchSize: 7)
            .attribute(model: model, batch: model.batch([sequences[0]]), targets: .prediction, labels: nil)
        #expect(other[0].scores != alone[0].scores)
        #expect(together[0].scores[0] == 0 && together[0].scores[6] == 0)
        #expect(together[0].scores[1] == together[0].scores[2], "a word's weight is spread evenly over its pieces")
    }

    @Test("LIME recovers the sign and order of word effects on a model whose logit adds up word effects")
    func limeOrder() {
        let model = LinearTestClassifier(vocabularySize: 12, embeddingDimension: 5, classCount: 2, seed: 5)
        let sequence: [Int32] = [0, 1, 4, 5, 6, 9, 10, 11]
        let map = LIME(samples: 2000, seed: 1).attribute(model: model, batch: model.batch([sequence]), targets: .classIndex(0), labels: nil)[0]
        // Each word's own logit effect on class 0 against class 1.
        let effects = sequence.map { id in (0..<5).reduce(Float(0)) { $0 + model.embeddingTable[Int(id), $1] * (model.weights[$1, 0] - model.weights[$1, 1]) } }
        let strongest = effects.indices.max { abs(effects[$0]) < abs(effects[$1]) }!
        #expect(map.scores.indices.max { abs(map.scores[$0]) < abs(map.scores[$1]) } == strongest)
        for index in sequence.indices where abs(effects[index]) > 0.5 { #expect((map.scores[index] > 0) == (effects[index] > 0), "word \(index)") }
    }

    @Test("LRP and the decomposition refuse a model that cannot serve them, in one sentence")
    func refusals() throws {
        let model = LinearTestClassifier()
        #expect(NGramDecomposition().refusal(for: model) == "The salience method decomposition is defined only for the CNN's max-pooling windows; choose another method.")
        #expect(LayerwiseRelevance().refusal(for: model)?.hasPrefix("The salience method lrp needs a model that propagates relevance") == true)
        #expect(Occlusion(kind: .mask, maskID: 4).refusal(for: model) == nil)
        #expect(throws: AttributionError("LIME needs at least 2 samples (the example and one perturbation), got 0; use 1000 (the default) or more.")) {
            try SalienceMethodFactory.make(name: "lime", padID: 0, maskID: 4, samples: 0)
        }
        #expect(throws: AttributionError("The occlusion 'hide' is unknown; use mask or remove.")) {
            try SalienceMethodFactory.make(name: "occlusion", padID: 0, maskID: 4, occlusion: "hide")
        }
    }

    @Test("on the CNN, lrp and decomposition maps store the bias share and a conservation gap below 1e-4 of the logit")
    func cnnMaps() {
        var generator = SplitMix64(seed: 4)
        let configuration = KimCNNConfiguration(vocabularySize: 20, embeddingDimension: 6, classCount: 2, filterWidths: [2, 3], filterCount: 4, hiddenSize: 5)
        let model = KimCNN(configuration: configuration, embeddingTable: nil, generator: &generator)
        let sequences: [[Int32]] = [[1, 4, 7, 2, 9], [3], [12, 5, 5, 18]]
        for method in [LayerwiseRelevance(epsilon: 0) as any SalienceMethod, NGramDecomposition()] {
            #expect(method.refusal(for: model) == nil)
            for map in method.attribute(model: model, batch: model.batch(sequences), targets: .label, labels: [0, 1, 1]) {
                let total = map.scores.reduce(0, +) + map.baselineLogit!
                #expect(abs(total - map.targetLogit) <= 1e-4 * max(1, abs(map.targetLogit)), "\(method.name)")
                #expect(abs(map.delta!) <= 1e-4 * max(1, abs(map.targetLogit)))
            }
        }
        let ngrams = NGramDecomposition.ngrams(model: model, sequence: sequences[0], target: 1)
        let exact = model.relevance([sequences[0]], targets: [1], epsilon: 0)[0]
        #expect(!ngrams.isEmpty && ngrams.allSatisfy { $0.target == 1 && $0.tokenIDs.count <= 3 })
        #expect(abs(ngrams.reduce(0) { $0 + $1.contribution } - exact.featureRelevance.reduce(0, +)) < 1e-5)
    }
}
