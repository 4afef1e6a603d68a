import Foundation
import Models

/// An independent Double evaluation of a `BertClassifier` by the definition, one unpadded
/// sequence at a time, from its Hugging Face-named tensors (`BertParameters.tensors`): nothing
/// here shares code with the model's Float passes, so central differences of it (step 1e-5)
/// check the analytic gradients to about 1e-9.
struct BertReference {
    let configuration: BertConfiguration
    /// Every tensor by its Hugging Face name, flat row-major.
    var tensors: [String: [Double]]

    init(_ model: BertClassifier) {
        configuration = model.configuration
        var tensors: [String: [Double]] = [:]
        for tensor in model.parameters.tensors { tensors[tensor.name] = model.parameters[keyPath: tensor.path].map(Double.init) }
        self.tensors = tensors
    }

    private var hidden: Int { configuration.hiddenSize }

    /// `x · Wᵀ + b` for rows `x` `[n][in]` and the tensors `<name>.weight` `[out, in]`, `<name>.bias`.
    private func dense(_ rows: [[Double]], _ name: String) -> [[Double]] {
        let weight = tensors[name + ".weight"]!, bias = tensors[name + ".bias"]!
        let inputWidth = rows[0].count, outputWidth = bias.count
        return rows.map { row in
            (0..<outputWidth).map { output in
                var sum = bias[output]
                for input in 0..<inputWidth { sum += weight[output * inputWidth + input] * row[input] }
                return sum
            }
        }
    }

    private func layerNorm(_ rows: [[Double]], _ name: String) -> [[Double]] {
        let weight = tensors[name + ".weight"]!, bias = tensors[name + ".bias"]!
        let epsilon = Double(configuration.layerNormEpsilon)
        return rows.map { row in
            let mean = row.reduce(0, +) / Double(row.count)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
            let scale = 1 / (variance + epsilon).squareRoot()
            return row.indices.map { weight[$0] * (row[$0] - mean) * scale + bias[$0] }
        }
    }

    private func add(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        zip(a, b).map { zip($0, $1).map(+) }
    }

    /// Last-layer hidden states `[length][H]` of one sequence given its word-piece rows.
    func hiddenStates(_ words: [[Double]]) -> [[Double]] {
        let positions = tensors["embeddings.position_embeddings.weight"]!, types = tensors["embeddings.token_type_embeddings.weight"]!
        var x = words.enumerated().map { position, word in
            (0..<hidden).map { word[$0] + positions[position * hidden + $0] + types[$0] }
        }
        x = layerNorm(x, "embeddings.LayerNorm")
        let headSize = configuration.headSize, length = words.count
        for index in 0..<configuration.layerCount {
            let prefix = "encoder.layer.\(index)."
            let query = dense(x, prefix + "attention.self.query"), key = dense(x, prefix + "attention.self.key")
            let value = dense(x, prefix + "attention.self.value")
            var context = [[Double]](repeating: [Double](repeating: 0, count: hidden), count: length)
            for head in 0..<configuration.headCount {
                let columns = (head * headSize)..<((head + 1) * headSize)
                for i in 0..<length {
                    let scores = (0..<length).map { j in columns.reduce(0.0) { $0 + query[i][$1] * key[j][$1] } / Double(headSize).squareRoot() }
                    let largest = scores.max()!
                    let exponentials = scores.map { exp($0 - largest) }
                    let total = exponentials.reduce(0, +)
                    for j in 0..<length {
                        for column in columns { context[i][column] += exponentials[j] / total * value[j][column] }
                    }
                }
            }
            let attended = layerNorm(add(x, dense(context, prefix + "attention.output.dense")), prefix + "attention.output.LayerNorm")
            let activated = dense(attended, prefix + "intermediate.dense").map { row in row.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) } }
            x = layerNorm(add(attended, dense(activated, prefix + "output.dense")), prefix + "output.LayerNorm")
        }
        return x
    }

    /// The logits `[classCount]` of one sequence given its word-piece rows.
    func logits(_ words: [[Double]]) -> [Double] {
        var representation = [hiddenStates(words)[0]]
        if configuration.usesPooler { representation = dense(representation, "pooler.dense").map { $0.map(tanh) } }
        return dense(representation, "classifier")[0]
    }

    /// The word-piece rows of `tokens` from this reference's (possibly perturbed) table.
    func words(_ tokens: [Int32]) -> [[Double]] {
        let table = tensors["embeddings.word_embeddings.weight"]!
        return tokens.map { token in Array(table[(Int(token) * hidden)..<((Int(token) + 1) * hidden)]) }
    }

    /// Mean softmax cross-entropy of `sequences` against `labels`.
    func loss(_ sequences: [[Int32]], labels: [Int]) -> Double {
        var total = 0.0
        for (sequence, label) in zip(sequences, labels) {
            let values = logits(words(sequence))
            let largest = values.max()!
            total += log(values.reduce(0) { $0 + exp($1 - largest) }) + largest - values[label]
        }
        return total / Double(sequences.count)
    }
}
