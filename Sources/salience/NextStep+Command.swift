import Diagnostics

/// The command-line wording of the library's next steps: the command to run, or the flag to pass.
extension NextStep {
    /// The flag of each parameter name the library's `chooseValue` steps use (the one table of them).
    static let flags: [String: String] = [
        "k": "--k", "clusterCount": "--k", "initializationCount": "--n-init", "perplexity": "--perplexity",
        "split": "--split", "filter": "--where", "truthFilter": "--truth-where", "truthRegex": "--truth-regex",
        "method": "--method", "steps": "--steps", "quadrature": "--quadrature", "baseline": "--baseline",
        "normalization": "--normalize", "target": "--target", "representation": "--representation", "topK": "--top-k",
        "textColumn": "--text-column", "labelColumn": "--label-column", "idColumn": "--id-column",
        "splitColumn": "--split-column", "classes": "--classes", "checkpoint": "--checkpoint", "data": "--data",
        "maximumLength": "--max-length", "seeds": "--seeds", "className": "--class", "exampleCount": "--m",
        "name": "--name", "workspace": "--workspace", "neighborCount": "--n", "pool": "--pool", "outputFile": "--out",
        "model": "--model", "modelFolder": "--model", "shard": "--shard",
        "clusterCounts": "--k-range",
        "methods": "--methods", "bins": "--bins", "rationaleColumn": "--rationale-column",
        "modelVersion": "--model-version", "features": "--features", "terms": "--matching",
    ]

    /// One sentence saying what to run or pass, e.g. "Run `salience train --data FILE` first."
    var commandHint: String {
        switch self {
        case .trainModel: "Run `salience train --data FILE` first."
        case .retrainModel: "Run `salience train --data FILE` again to rebuild it."
        case .fetchResource(let name): "Run `salience data fetch \(name)`."
        case .fineTuneCheckpoint(let directory): "Fine-tune it first with `salience train --model bert --checkpoint \(directory) --data FILE`."
        case .chooseValue(let parameter, let advice):
            Self.flags[parameter].map { "Pass \($0) \(advice)." } ?? "Choose another \(parameter), \(advice)."
        case .checkWorkspace(let directory): "Run `salience check --workspace \(directory)` to see what can still be read."
        case .freeDiskSpace(let directory): "Free space on the disk that holds \(directory) and run the same command again."
        }
    }
}
