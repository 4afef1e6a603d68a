import Foundation
import LinearAlgebra

/// The `config.json` written beside `model.safetensors`.
struct KimCNNCheckpointDescription: Codable {
    /// Always `kim-cnn`.
    var architecture: String
    /// Version of this file layout.
    var formatVersion: Int
    /// The model's shape.
    var configuration: KimCNNConfiguration
    /// The caller's extra strings (tokenizer, dataset, …).
    var metadata: [String: String]
    /// What the tensors in `model.safetensors` hold, for readers in other tools.
    var tensorLayout: [String: String]
}

extension KimCNN {
    /// File name of the weights inside a checkpoint directory.
    public static let weightsFileName = "model.safetensors"
    /// File name of the configuration inside a checkpoint directory.
    public static let configurationFileName = "config.json"
    static let architectureName = "kim-cnn"

    /// The weights under their checkpoint names, in PyTorch layouts: `embedding.weight`
    /// `[vocabularySize, d]`; `convolutions.{i}.weight` `[F, d, width_i]` and `.bias` `[F]` (as
    /// `Conv1d` with `d` input channels); with a hidden layer `hidden.weight` `[H, 3F]` and
    /// `hidden.bias` `[H]` (as `Linear`); `classifier.weight` `[classCount, 3F or H]` and `.bias`.
    /// - Complexity: O(vocabularySize × d + Σw·F × d + 3F × H).
    public func exportedTensors() -> [String: SafeTensors.Tensor] {
        let dimension = embeddingDimension, filterCount = configuration.filterCount
        var tensors: [String: SafeTensors.Tensor] = [
            "embedding.weight": SafeTensors.Tensor(shape: [embeddings.rowCount, dimension], values: embeddings.values),
            "classifier.weight": SafeTensors.Tensor(shape: [classCount, configuration.representationCount], values: classifier.weights.transposed().values),
            "classifier.bias": SafeTensors.Tensor(shape: [classCount], values: classifier.bias),
        ]
        if let hidden {
            tensors["hidden.weight"] = SafeTensors.Tensor(shape: [configuration.hiddenSize, configuration.featureCount], values: hidden.weights.transposed().values)
            tensors["hidden.bias"] = SafeTensors.Tensor(shape: [configuration.hiddenSize], values: hidden.bias)
        }
        for (index, width) in configuration.filterWidths.enumerated() {
            var values = [Float](repeating: 0, count: filterCount * dimension * width)
            for filter in 0..<filterCount {
                for tap in 0..<width {
                    let row = convolutions.tapOffsets[index] + tap * filterCount + filter
                    for column in 0..<dimension { values[(filter * dimension + column) * width + tap] = convolutions.weights[row, column] }
                }
            }
            tensors["convolutions.\(index).weight"] = SafeTensors.Tensor(shape: [filterCount, dimension, width], values: values)
            tensors["convolutions.\(index).bias"] = SafeTensors.Tensor(
                shape: [filterCount], values: Array(convolutions.bias[(index * filterCount)..<((index + 1) * filterCount)]))
        }
        return tensors
    }

    /// Writes `model.safetensors` and `config.json` into `directory` (created if missing); each
    /// file is written to a temporary name and renamed into place, the weights first.
    public func save(to directory: String, extraMetadata: [String: String] = [:]) throws(ModelError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ModelError("Cannot create the model directory \(directory): \(error.localizedDescription).")
        }
        let weightsPath = (directory as NSString).appendingPathComponent(Self.weightsFileName)
        let configurationPath = (directory as NSString).appendingPathComponent(Self.configurationFileName)
        try SafeTensors.write(exportedTensors(), to: weightsPath,
                              metadata: ["format": "salience", "architecture": Self.architectureName, "fingerprint": fingerprint])
        var tensorLayout = [
            "embedding.weight": "[vocabularySize, embeddingDimension]",
            "convolutions.{i}.weight": "[filterCount, embeddingDimension, filterWidths[i]] (PyTorch Conv1d)",
            "convolutions.{i}.bias": "[filterCount]",
            "classifier.weight": "[classCount, filterWidths.count * filterCount] (PyTorch Linear)",
            "classifier.bias": "[classCount]",
        ]
        if hidden != nil {
            tensorLayout["hidden.weight"] = "[hiddenSize, filterWidths.count * filterCount] (PyTorch Linear; ReLU follows)"
            tensorLayout["hidden.bias"] = "[hiddenSize]"
            tensorLayout["classifier.weight"] = "[classCount, hiddenSize] (PyTorch Linear)"
        }
        let description = KimCNNCheckpointDescription(
            architecture: Self.architectureName, formatVersion: 1, configuration: configuration, metadata: extraMetadata,
            tensorLayout: tensorLayout)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(description).write(to: URL(fileURLWithPath: configurationPath), options: .atomic)
        } catch {
            throw ModelError("Cannot write \(configurationPath): \(error.localizedDescription). Check that the directory is writable.")
        }
    }

    /// Reads a checkpoint written by `save(to:extraMetadata:)`; a missing or corrupt file, an
    /// unknown architecture or a tensor of the wrong shape is a `ModelError` naming the file and tensor.
    public static func load(from directory: String) throws(ModelError) -> KimCNN {
        let description = try readDescription(directory)
        let configuration = description.configuration
        let weightsPath = (directory as NSString).appendingPathComponent(weightsFileName)
        let dimension = configuration.embeddingDimension, filterCount = configuration.filterCount
        var expected: [String: [Int]] = [
            "embedding.weight": [configuration.vocabularySize, dimension],
            "classifier.weight": [configuration.classCount, configuration.representationCount],
            "classifier.bias": [configuration.classCount],
        ]
        if configuration.hiddenSize > 0 {
            expected["hidden.weight"] = [configuration.hiddenSize, configuration.featureCount]
            expected["hidden.bias"] = [configuration.hiddenSize]
        }
        for (index, width) in configuration.filterWidths.enumerated() {
            expected["convolutions.\(index).weight"] = [filterCount, dimension, width]
            expected["convolutions.\(index).bias"] = [filterCount]
        }
        let tensors = try SafeTensors.read(path: weightsPath, names: expected.keys.sorted())
        for (name, shape) in expected.sorted(by: { $0.key < $1.key }) where tensors[name]!.shape != shape {
            throw ModelError("\(weightsPath): tensor '\(name)' has shape \(tensors[name]!.shape) but config.json implies \(shape)."
                + " The two files do not belong together; save the model again.")
        }
        var generator = SplitMix64(seed: 0)
        var convolutions = PooledConvolutions(widths: configuration.filterWidths, filterCount: filterCount, inputDimension: dimension,
                                              generator: &generator)
        for (index, width) in configuration.filterWidths.enumerated() {
            let values = tensors["convolutions.\(index).weight"]!.values
            for filter in 0..<filterCount {
                for tap in 0..<width {
                    let row = convolutions.tapOffsets[index] + tap * filterCount + filter
                    for column in 0..<dimension { convolutions.weights[row, column] = values[(filter * dimension + column) * width + tap] }
                }
            }
            convolutions.bias.replaceSubrange((index * filterCount)..<((index + 1) * filterCount),
                                              with: tensors["convolutions.\(index).bias"]!.values)
        }
        let hidden = configuration.hiddenSize > 0
            ? Linear(weights: Matrix(rowCount: configuration.hiddenSize, columnCount: configuration.featureCount,
                                     values: tensors["hidden.weight"]!.values).transposed(),
                     bias: tensors["hidden.bias"]!.values)
            : nil
        let classifier = Linear(weights: Matrix(rowCount: configuration.classCount, columnCount: configuration.representationCount,
                                                values: tensors["classifier.weight"]!.values).transposed(),
                                bias: tensors["classifier.bias"]!.values)
        let embeddings = Matrix(rowCount: configuration.vocabularySize, columnCount: dimension, values: tensors["embedding.weight"]!.values)
        return KimCNN(configuration: configuration, embeddings: embeddings, convolutions: convolutions, hidden: hidden, classifier: classifier)
    }

    /// The extra metadata strings saved with the checkpoint in `directory`.
    public static func metadata(in directory: String) throws(ModelError) -> [String: String] {
        try readDescription(directory).metadata
    }

    private static func readDescription(_ directory: String) throws(ModelError) -> KimCNNCheckpointDescription {
        let path = (directory as NSString).appendingPathComponent(configurationFileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError("Cannot read \(path): no model checkpoint there. Train a model first or check the directory.")
        }
        let description: KimCNNCheckpointDescription
        do {
            description = try JSONDecoder().decode(KimCNNCheckpointDescription.self, from: data)
        } catch {
            throw ModelError("\(path) is not a valid Kim CNN configuration (\(error)). Save the model again.")
        }
        guard description.architecture == architectureName else {
            throw ModelError("\(path) describes a '\(description.architecture)' model, not '\(architectureName)'.")
        }
        if let problem = description.configuration.problem {
            throw ModelError("\(path) holds an invalid configuration: \(problem).")
        }
        return description
    }
}
