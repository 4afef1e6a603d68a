/// Hyper-parameters of a training run, read by every family's trainer.
public struct TrainingOptions: Sendable {
    /// Most passes over the training split.
    public var epochCount: Int
    /// Examples per mini-batch.
    public var batchSize: Int
    /// Adam step size.
    public var learningRate: Float
    /// Epochs without a better dev accuracy before training stops early.
    public var patience: Int
    /// Seed of the shuffles and dropout masks.
    public var seed: UInt64
    /// Sequences are cut to their first `maximumLength` tokens for training and dev scoring.
    public var maximumLength: Int
    /// When set, each class's output weight vector is rescaled to at most this L2 norm after every
    /// step (Kim 2014 used 3); nil leaves the weights unconstrained.
    public var maximumWeightNorm: Float?

    /// Options; the defaults train the Kim CNN on sentence-length data in a few epochs.
    public init(epochCount: Int = 10, batchSize: Int = 50, learningRate: Float = 1e-3, patience: Int = 3, seed: UInt64 = 0,
                maximumLength: Int = 64, maximumWeightNorm: Float? = nil) {
        self.epochCount = epochCount
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.patience = patience
        self.seed = seed
        self.maximumLength = maximumLength
        self.maximumWeightNorm = maximumWeightNorm
    }
}

/// What one epoch of training achieved.
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean cross-entropy over the epoch's mini-batches (with dropout).
    public var trainingLoss: Double
    /// Accuracy on the dev split after the epoch (0 when there is no dev split).
    public var devAccuracy: Double
    /// Wall-clock seconds of the epoch, dev scoring included.
    public var seconds: Double

    /// A record (families outside this module build their own).
    public init(epoch: Int, trainingLoss: Double, devAccuracy: Double, seconds: Double) {
        (self.epoch, self.trainingLoss, self.devAccuracy, self.seconds) = (epoch, trainingLoss, devAccuracy, seconds)
    }
}

/// The history of a training run.
public struct TrainingReport: Sendable, Codable, Equatable {
    /// Every epoch run, in order.
    public var epochs: [EpochRecord]
    /// The epoch whose weights the model holds at the end.
    public var bestEpoch: Int
    /// Dev accuracy of that epoch.
    public var bestDevAccuracy: Double
    /// Wall-clock seconds of the whole run.
    public var seconds: Double

    /// A history (families outside this module build their own).
    public init(epochs: [EpochRecord], bestEpoch: Int, bestDevAccuracy: Double, seconds: Double) {
        (self.epochs, self.bestEpoch, self.bestDevAccuracy, self.seconds) = (epochs, bestEpoch, bestDevAccuracy, seconds)
    }
}

/// Progress within an epoch, reported after every mini-batch.
public struct TrainingProgress: Sendable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Most epochs of the run.
    public var epochCount: Int
    /// Training examples seen so far in this epoch.
    public var exampleCount: Int
    /// Training examples per epoch.
    public var totalExampleCount: Int
    /// Mean loss of this epoch's mini-batches so far.
    public var loss: Double

    /// A progress report (families outside this module send their own).
    public init(epoch: Int, epochCount: Int, exampleCount: Int, totalExampleCount: Int, loss: Double) {
        (self.epoch, self.epochCount, self.exampleCount, self.totalExampleCount, self.loss) = (epoch, epochCount, exampleCount, totalExampleCount, loss)
    }
}
