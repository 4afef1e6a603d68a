import ArgumentParser
import Analysis
import Services

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Accuracy, per-class precision / recall / F1 and the confusion matrix of a slice.")

    @OptionGroup var slice: SliceOptions
    @OptionGroup var common: WorkspaceOptions
    @OptionGroup var version: ModelVersionOptions

    func run() throws {
        try Console.run {
            let session = try common.session(modelVersion: version.modelVersion)
            let slicePositions = try slice.positions(in: session)
            let positions = slicePositions.filter(session.hasGoldLabel(at:))
            if positions.isEmpty {
                let path = session.model.record.recipe.importSource?.path ?? session.dataset.sourcePath
                throw CommandError("The imported maps in \(path) carry no label for the \(slicePositions.count) examples of this slice, only predictions, so there is nothing to evaluate against; add a \"label\" field to their lines.")
            }
            if positions.count < slicePositions.count {
                Console.log("Left out \(slicePositions.count - positions.count) of \(slicePositions.count) examples whose imported line has no label.")
            }
            let metrics = Evaluation.metrics(session: session, positions: positions)
            common.emit(metrics) { Evaluation.table(metrics, title: slice.where ?? "") }
        }
    }
}

/// Metrics of a slice and their table.
enum Evaluation {
    static func metrics(session: WorkspaceSession, positions: [Int]) -> ClassificationMetrics {
        ClassificationMetrics(labels: positions.map(session.label(at:)), predictions: positions.map { session.predictions[$0] },
                              classNames: session.classes)
    }

    static func table(_ metrics: ClassificationMetrics, title: String) -> String {
        var table = TextTable(["class", "precision", "recall", "f1", "support"], alignments: [.left, .right, .right, .right, .right])
        for entry in metrics.classes {
            table.add([entry.name, fixed(entry.precision, 3), fixed(entry.recall, 3), fixed(entry.f1, 3), String(entry.support)])
        }
        var confusion = TextTable(["gold \\ predicted"] + metrics.classes.map(\.name),
                                  alignments: [.left] + metrics.classes.map { _ in .right })
        for (index, row) in metrics.confusion.enumerated() { confusion.add([metrics.classes[index].name] + row.map(String.init)) }
        let heading = "Accuracy \(fixed(metrics.accuracy, 3)) on \(metrics.n) examples" + (title.isEmpty ? "" : " (\(title))")
        return heading + "\n\n" + table.render() + "\n\n" + confusion.render()
    }
}
