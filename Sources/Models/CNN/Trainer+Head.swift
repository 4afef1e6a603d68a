import LinearAlgebra

extension Trainer {
    /// Retrains what comes after the pooled features — the hidden layer (if any) and the output
    /// layer — with the filters and embeddings frozen, FIND's recipe after disabling features.
    ///
    /// Starts from the model's current head weights. The pooled features of every example are
    /// computed once; each epoch then visits them in a fresh seeded shuffle with inverted dropout
    /// (as `train`), one Adam step per batch, early stopping on dev accuracy. Gradients of the
    /// disabled features' weights are zeroed, so those weights stay exactly 0. Same seed, same weights.
    /// - Complexity: O(Σ lengths × Σw·F × d) once, then O(epochCount × n × 3F × H).
    public static func trainHead(_ model: KimCNN, trainingSequences: [[Int32]], trainingLabels: [Int], devSequences: [[Int32]],
                                 devLabels: [Int], options: TrainingOptions,
                                 progress: (TrainingProgress) -> Void = { _ in }) -> TrainingReport {
        var (shuffleGenerator, dropoutGenerator) = startingGenerators(trainingCount: trainingSequences.count, trainingLabelCount: trainingLabels.count,
                                                                      devCount: devSequences.count, devLabelCount: devLabels.count, options: options)
        let training = model.pooledFeatureWindows(trainingSequences.map { Array($0.prefix(options.maximumLength)) }).activations
        let dev = model.pooledFeatureWindows(devSequences.map { Array($0.prefix(options.maximumLength)) }).activations
        let configuration = model.configuration
        let featureCount = configuration.featureCount
        let mask = model.disabledWeightMask()

        var adam = Adam(learningRate: options.learningRate)
        var hiddenWeightMoments = AdamMoments(count: model.hidden?.weights.values.count ?? 0)
        var hiddenBiasMoments = AdamMoments(count: model.hidden?.bias.count ?? 0)
        var classifierWeightMoments = AdamMoments(count: model.classifier.weights.values.count)
        var classifierBiasMoments = AdamMoments(count: model.classifier.bias.count)
        var stopping = EarlyStopping(initial: (model.hidden, model.classifier), patience: options.patience, hasDev: dev.rowCount > 0)
        var order = Array(0..<training.rowCount)
        for epoch in 1...options.epochCount {
            stopping.startEpoch()
            shuffle(&order, generator: &shuffleGenerator)
            var lossSum = 0.0, batchCount = 0
            for batchStart in stride(from: 0, to: order.count, by: options.batchSize) {
                let indices = Array(order[batchStart..<min(batchStart + options.batchSize, order.count)])
                var features = Matrix(rowCount: indices.count, columnCount: featureCount)
                training.values.withUnsafeBufferPointer { source in
                    features.values.withUnsafeMutableBufferPointer { target in
                        for (row, index) in indices.enumerated() {
                            (target.baseAddress! + row * featureCount).update(from: source.baseAddress! + index * featureCount, count: featureCount)
                        }
                    }
                }
                let featureMask = dropoutMask(count: indices.count * featureCount, rate: configuration.dropout, generator: &dropoutGenerator)
                let hiddenMask = configuration.hiddenSize > 0
                    ? dropoutMask(count: indices.count * configuration.hiddenSize, rate: configuration.hiddenDropout, generator: &dropoutGenerator)
                    : nil
                if let featureMask { for index in features.values.indices { features.values[index] *= featureMask[index] } }
                let labels = indices.map { trainingLabels[$0] }
                var hiddenWeightGradient = [Float](repeating: 0, count: model.hidden?.weights.values.count ?? 0)
                var hiddenBiasGradient = [Float](repeating: 0, count: model.hidden?.bias.count ?? 0)
                var classifierWeightGradient = [Float](repeating: 0, count: model.classifier.weights.values.count)
                var classifierBiasGradient = [Float](repeating: 0, count: model.classifier.bias.count)
                var representation = features
                var preActivations: Matrix?
                if let hidden = model.hidden {
                    let pre = hidden.forward(features)
                    representation = Matrix(rowCount: pre.rowCount, columnCount: pre.columnCount, values: pre.values.map { max($0, 0) })
                    if let hiddenMask { for index in representation.values.indices { representation.values[index] *= hiddenMask[index] } }
                    preActivations = pre
                }
                let (loss, logitGradient) = softmaxCrossEntropy(logits: model.classifier.forward(representation), labels: labels)
                var representationGradient = classifierWeightGradient.withUnsafeMutableBufferPointer { weights in
                    classifierBiasGradient.withUnsafeMutableBufferPointer { bias in
                        model.classifier.backward(input: representation, outputGradient: logitGradient,
                                                  weightGradient: weights.baseAddress!, biasGradient: bias.baseAddress!)
                    }
                }
                if let hidden = model.hidden, let preActivations {
                    for index in representationGradient.values.indices {
                        representationGradient.values[index] = preActivations.values[index] > 0
                            ? representationGradient.values[index] * (hiddenMask?[index] ?? 1) : 0
                    }
                    hiddenWeightGradient.withUnsafeMutableBufferPointer { weights in
                        hiddenBiasGradient.withUnsafeMutableBufferPointer { bias in
                            _ = hidden.backward(input: features, outputGradient: representationGradient,
                                                weightGradient: weights.baseAddress!, biasGradient: bias.baseAddress!)
                        }
                    }
                }
                if let mask {
                    if model.hidden != nil {
                        for index in mask.indices where mask[index] == 0 { hiddenWeightGradient[index] = 0 }
                    } else {
                        for index in mask.indices where mask[index] == 0 { classifierWeightGradient[index] = 0 }
                    }
                }
                adam.advance()
                if model.hidden != nil {
                    adam.update(&model.hidden!.weights.values, gradient: hiddenWeightGradient, moments: &hiddenWeightMoments)
                    adam.update(&model.hidden!.bias, gradient: hiddenBiasGradient, moments: &hiddenBiasMoments)
                }
                adam.update(&model.classifier.weights.values, gradient: classifierWeightGradient, moments: &classifierWeightMoments)
                adam.update(&model.classifier.bias, gradient: classifierBiasGradient, moments: &classifierBiasMoments)
                lossSum += loss
                batchCount += 1
                progress(TrainingProgress(epoch: epoch, epochCount: options.epochCount, exampleCount: batchStart + indices.count,
                                          totalExampleCount: order.count, loss: lossSum / Double(batchCount)))
            }
            let accuracy = dev.rowCount == 0 ? 0 : headAccuracy(model, features: dev, labels: devLabels)
            if stopping.endEpoch(epoch, trainingLoss: lossSum / Double(max(batchCount, 1)), devAccuracy: accuracy,
                                 snapshot: { (model.hidden, model.classifier) }) { break }
        }
        (model.hidden, model.classifier) = stopping.best
        model.applyDisabledFeatures()
        model.weightsDidChange()
        return stopping.report
    }

    /// Accuracy of the model's head on precomputed pooled features `[n, 3F]`, in inference mode.
    /// - Complexity: O(n × 3F × H).
    static func headAccuracy(_ model: KimCNN, features: Matrix, labels: [Int]) -> Double {
        var representation = features
        if let hidden = model.hidden {
            let pre = hidden.forward(features)
            representation = Matrix(rowCount: pre.rowCount, columnCount: pre.columnCount, values: pre.values.map { max($0, 0) })
        }
        let predictions = argmaxRows(model.classifier.forward(representation))
        return Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }
}
