import LinearAlgebra

extension KimCNN {
    /// A copy of this model with `features` disabled too (FIND): each listed feature's weights
    /// into the layer after the pooled features (the hidden layer, or the output layer) are set to
    /// zero, for one class's output weight when `classIndex` is given. The list is kept in the
    /// configuration, so the fingerprint changes and head retraining keeps the weights at zero.
    /// - Complexity: O(vocabularySize × d + Σw·F × d) for the copy.
    public func disabling(_ features: [DisabledFeature]) -> KimCNN {
        var configuration = self.configuration
        let allClasses = Set((configuration.disabledFeatures + features).filter { $0.classIndex == nil }.map(\.feature))
        configuration.disabledFeatures = Array(Set(configuration.disabledFeatures + features)
            .filter { $0.classIndex == nil || !allClasses.contains($0.feature) }).sorted()
        if let problem = configuration.problem { preconditionFailure("Cannot disable \(features): \(problem)") }
        let copy = KimCNN(configuration: configuration, embeddings: embeddings, convolutions: convolutions, hidden: hidden, classifier: classifier)
        copy.applyDisabledFeatures()
        return copy
    }

    /// The 0/1 mask of the weights the pooled features feed (`hidden.weights` `[3F, H]` with a
    /// hidden layer, else `classifier.weights` `[3F, classCount]`), or nil when no feature is disabled.
    /// - Complexity: O(3F × width).
    func disabledWeightMask() -> [Float]? {
        guard !configuration.disabledFeatures.isEmpty else { return nil }
        let width = hidden?.outputCount ?? classifier.outputCount
        var mask = [Float](repeating: 1, count: configuration.featureCount * width)
        for disabled in configuration.disabledFeatures {
            if let classIndex = disabled.classIndex {
                mask[disabled.feature * width + classIndex] = 0
            } else {
                for column in 0..<width { mask[disabled.feature * width + column] = 0 }
            }
        }
        return mask
    }

    /// Zeroes the weights of the disabled features and forgets the cached fingerprint.
    func applyDisabledFeatures() {
        guard let mask = disabledWeightMask() else { return }
        if hidden != nil {
            for index in mask.indices where mask[index] == 0 { hidden!.weights.values[index] = 0 }
        } else {
            for index in mask.indices where mask[index] == 0 { classifier.weights.values[index] = 0 }
        }
        weightsDidChange()
    }
}
