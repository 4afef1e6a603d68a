import LinearAlgebra

/// Every weight of a `BertClassifier`, laid out as PyTorch / Hugging Face store them: a linear
/// layer's weight is `[outputWidth, inputWidth]` (so a layer computes `x · Wᵀ + b`), tables are
/// `[rowCount, H]`. The same type holds gradients (see `zeros(like:)`).
public struct BertParameters: Sendable, Equatable {
    /// Word-piece embeddings `[V, H]`.
    public var wordEmbeddings: Matrix
    /// Position embeddings `[maximumPositionCount, H]`.
    public var positionEmbeddings: Matrix
    /// Token-type embeddings `[typeVocabularySize, H]` (every token uses type 0 here).
    public var tokenTypeEmbeddings: Matrix
    /// The embedding LayerNorm's scale γ and shift β, `[H]` each.
    public var embeddingNormWeight: [Float]
    public var embeddingNormBias: [Float]
    /// The encoder layers, first to last.
    public var layers: [BertLayerParameters]
    /// Pooler dense layer `[H, H]` and bias `[H]`; empty when the configuration has no pooler.
    public var poolerWeight: Matrix
    public var poolerBias: [Float]
    /// Classification layer `[classCount, H]` and bias `[classCount]`.
    public var classifierWeight: Matrix
    public var classifierBias: [Float]

    /// Random weights for `configuration`: normal(0, 0.02) matrices and tables, zero biases,
    /// LayerNorm γ = 1 and β = 0 (the Hugging Face initialisation). Same seed, same weights.
    /// - Complexity: O(parameter count).
    public init(configuration: BertConfiguration, generator: inout SplitMix64, standardDeviation: Float = 0.02) {
        let hidden = configuration.hiddenSize, intermediate = configuration.intermediateSize
        func normal(_ rowCount: Int, _ columnCount: Int) -> Matrix {
            Matrix(rowCount: rowCount, columnCount: columnCount,
                   values: (0..<(rowCount * columnCount)).map { _ in generator.nextNormal() * standardDeviation })
        }
        let zeros = { (count: Int) in [Float](repeating: 0, count: count) }
        let ones = { (count: Int) in [Float](repeating: 1, count: count) }
        wordEmbeddings = normal(configuration.vocabularySize, hidden)
        positionEmbeddings = normal(configuration.maximumPositionCount, hidden)
        tokenTypeEmbeddings = normal(configuration.typeVocabularySize, hidden)
        embeddingNormWeight = ones(hidden)
        embeddingNormBias = zeros(hidden)
        layers = (0..<configuration.layerCount).map { _ in
            BertLayerParameters(
                queryWeight: normal(hidden, hidden), queryBias: zeros(hidden),
                keyWeight: normal(hidden, hidden), keyBias: zeros(hidden),
                valueWeight: normal(hidden, hidden), valueBias: zeros(hidden),
                attentionOutputWeight: normal(hidden, hidden), attentionOutputBias: zeros(hidden),
                attentionNormWeight: ones(hidden), attentionNormBias: zeros(hidden),
                intermediateWeight: normal(intermediate, hidden), intermediateBias: zeros(intermediate),
                outputWeight: normal(hidden, intermediate), outputBias: zeros(hidden),
                outputNormWeight: ones(hidden), outputNormBias: zeros(hidden))
        }
        poolerWeight = configuration.usesPooler ? normal(hidden, hidden) : Matrix(rowCount: 0, columnCount: hidden)
        poolerBias = configuration.usesPooler ? zeros(hidden) : []
        classifierWeight = normal(configuration.classCount, hidden)
        classifierBias = zeros(configuration.classCount)
    }

    /// Parameters of the same shapes as `other`, all zero (a gradient accumulator).
    /// - Complexity: O(parameter count).
    public static func zeros(like other: BertParameters) -> BertParameters {
        var result = other
        for tensor in other.tensors { result[keyPath: tensor.path] = [Float](repeating: 0, count: tensor.elementCount) }
        return result
    }

    /// One tensor: its Hugging Face name (without the `bert.` prefix), shape and where it lives.
    public struct Tensor: @unchecked Sendable {
        /// e.g. `encoder.layer.3.attention.self.query.weight`, or `classifier.weight`.
        public var name: String
        /// PyTorch shape, e.g. `[H, H]` or `[H]`.
        public var shape: [Int]
        /// The flat row-major values inside `BertParameters`.
        public var path: WritableKeyPath<BertParameters, [Float]>
        /// Product of `shape`.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Every tensor in Hugging Face order (embeddings, layers, pooler, classifier); the pooler is
    /// left out when it is empty.
    public var tensors: [Tensor] {
        let hidden = embeddingNormWeight.count
        var result: [Tensor] = [
            Tensor(name: "embeddings.word_embeddings.weight", shape: [wordEmbeddings.rowCount, hidden], path: \.wordEmbeddings.values),
            Tensor(name: "embeddings.position_embeddings.weight", shape: [positionEmbeddings.rowCount, hidden], path: \.positionEmbeddings.values),
            Tensor(name: "embeddings.token_type_embeddings.weight", shape: [tokenTypeEmbeddings.rowCount, hidden], path: \.tokenTypeEmbeddings.values),
            Tensor(name: "embeddings.LayerNorm.weight", shape: [hidden], path: \.embeddingNormWeight),
            Tensor(name: "embeddings.LayerNorm.bias", shape: [hidden], path: \.embeddingNormBias),
        ]
        for (index, layer) in layers.enumerated() {
            let prefix = "encoder.layer.\(index)."
            let intermediate = layer.intermediateBias.count
            let layerPath: WritableKeyPath<BertParameters, BertLayerParameters> = \BertParameters.layers[index]
            func add(_ name: String, _ shape: [Int], _ path: WritableKeyPath<BertLayerParameters, [Float]>) {
                result.append(Tensor(name: prefix + name, shape: shape, path: layerPath.appending(path: path)))
            }
            add("attention.self.query.weight", [hidden, hidden], \.queryWeight.values)
            add("attention.self.query.bias", [hidden], \.queryBias)
            add("attention.self.key.weight", [hidden, hidden], \.keyWeight.values)
            add("attention.self.key.bias", [hidden], \.keyBias)
            add("attention.self.value.weight", [hidden, hidden], \.valueWeight.values)
            add("attention.self.value.bias", [hidden], \.valueBias)
            add("attention.output.dense.weight", [hidden, hidden], \.attentionOutputWeight.values)
            add("attention.output.dense.bias", [hidden], \.attentionOutputBias)
            add("attention.output.LayerNorm.weight", [hidden], \.attentionNormWeight)
            add("attention.output.LayerNorm.bias", [hidden], \.attentionNormBias)
            add("intermediate.dense.weight", [intermediate, hidden], \.intermediateWeight.values)
            add("intermediate.dense.bias", [intermediate], \.intermediateBias)
            add("output.dense.weight", [hidden, intermediate], \.outputWeight.values)
            add("output.dense.bias", [hidden], \.outputBias)
            add("output.LayerNorm.weight", [hidden], \.outputNormWeight)
            add("output.LayerNorm.bias", [hidden], \.outputNormBias)
        }
        if !poolerBias.isEmpty {
            result.append(Tensor(name: "pooler.dense.weight", shape: [hidden, hidden], path: \.poolerWeight.values))
            result.append(Tensor(name: "pooler.dense.bias", shape: [hidden], path: \.poolerBias))
        }
        result.append(Tensor(name: "classifier.weight", shape: [classifierWeight.rowCount, hidden], path: \.classifierWeight.values))
        result.append(Tensor(name: "classifier.bias", shape: [classifierBias.count], path: \.classifierBias))
        return result
    }

    /// Total number of weights.
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.elementCount } }
}

/// The weights of one encoder layer, PyTorch layout (`[outputWidth, inputWidth]` weights).
public struct BertLayerParameters: Sendable, Equatable {
    /// Self-attention projections `[H, H]` and biases `[H]`.
    public var queryWeight: Matrix
    public var queryBias: [Float]
    public var keyWeight: Matrix
    public var keyBias: [Float]
    public var valueWeight: Matrix
    public var valueBias: [Float]
    /// Attention output projection `[H, H]`, bias `[H]`, then LayerNorm γ, β `[H]`.
    public var attentionOutputWeight: Matrix
    public var attentionOutputBias: [Float]
    public var attentionNormWeight: [Float]
    public var attentionNormBias: [Float]
    /// Feed-forward up-projection `[I, H]`, bias `[I]` (GELU after it).
    public var intermediateWeight: Matrix
    public var intermediateBias: [Float]
    /// Feed-forward down-projection `[H, I]`, bias `[H]`, then LayerNorm γ, β `[H]`.
    public var outputWeight: Matrix
    public var outputBias: [Float]
    public var outputNormWeight: [Float]
    public var outputNormBias: [Float]
}
