import LinearAlgebra

/// Early stopping on dev accuracy, shared by the trainers: the epoch history, the best epoch and
/// a snapshot of its weights.
///
/// An epoch better than every earlier one (or any epoch, when there is no dev split) becomes the
/// best; training stops after `patience` epochs without one.
struct EarlyStopping<Snapshot> {
    /// The weights of the best epoch so far (the initial ones before any epoch).
    private(set) var best: Snapshot
    private var bestEpoch = 0
    private var bestAccuracy = -1.0
    private var records: [EpochRecord] = []
    private let patience: Int
    private let hasDev: Bool
    private let clock = ContinuousClock()
    private let runStart: ContinuousClock.Instant
    private var epochStart: ContinuousClock.Instant

    /// Starts the run's clock; `initial` stands as the best until an epoch ends.
    init(initial: Snapshot, patience: Int, hasDev: Bool) {
        best = initial
        self.patience = patience
        self.hasDev = hasDev
        runStart = clock.now
        epochStart = runStart
    }

    /// Starts an epoch's clock.
    mutating func startEpoch() {
        epochStart = clock.now
    }

    /// Records the epoch that just ended (its seconds since `startEpoch()`), keeps `snapshot()`
    /// when it is the best, and returns whether training should stop.
    mutating func endEpoch(_ epoch: Int, trainingLoss: Double, devAccuracy: Double, snapshot: () -> Snapshot) -> Bool {
        records.append(EpochRecord(epoch: epoch, trainingLoss: trainingLoss, devAccuracy: devAccuracy,
                                   seconds: (clock.now - epochStart).inSeconds))
        if !hasDev || devAccuracy > bestAccuracy {
            bestAccuracy = devAccuracy
            bestEpoch = epoch
            best = snapshot()
            return false
        }
        return epoch - bestEpoch >= patience
    }

    /// The history of the run so far.
    var report: TrainingReport {
        TrainingReport(epochs: records, bestEpoch: bestEpoch, bestDevAccuracy: max(bestAccuracy, 0), seconds: (clock.now - runStart).inSeconds)
    }
}
