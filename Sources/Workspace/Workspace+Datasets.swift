import Foundation
import GRDB
import TextData

extension Dataset {
    /// A digest of every example (id, text, label, split, metadata) and the class order.
    /// - Complexity: O(total text length).
    public var contentHash: String {
        var digest = Digest()
        digest.update(classes.joined(separator: "\u{1E}"))
        for example in examples {
            digest.update(example.id)
            digest.update(example.text)
            digest.update(example.label)
            digest.update(example.split.rawValue)
            for key in example.metadata.keys.sorted() {
                digest.update(key)
                digest.update(example.metadata[key] ?? "")
            }
        }
        return digest.hex
    }
}

extension Workspace {
    /// Stores `dataset` under `hash` inside an open transaction unless a dataset with that hash is there.
    /// - Complexity: O(exampleCount) when new.
    package static func storeDataset(_ dataset: Dataset, hash: String, in db: Database) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE hash = ?", arguments: [hash]) == true { return }
        try db.execute(sql: "INSERT INTO dataset(hash, sourcePath, classes, metadataColumns, createdAt) VALUES (?, ?, ?, ?, ?)",
                       arguments: [hash, dataset.sourcePath, JSON.string(dataset.classes), JSON.string(dataset.metadataColumns), Date()])
        let statement = try db.makeStatement(sql: """
            INSERT INTO example(datasetHash, position, exampleID, text, label, split, metadata, lineNumber)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, example) in dataset.examples.enumerated() {
            try statement.execute(arguments: [hash, position, example.id, example.text, example.label,
                                              example.split.rawValue, JSON.string(example.metadata), example.lineNumber])
        }
    }

    /// The dataset stored under `hash`, examples in their original order.
    /// - Complexity: O(exampleCount).
    public func dataset(hash: String) throws(WorkspaceError) -> Dataset {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE hash = ?", arguments: [hash]) else {
                throw WorkspaceError("The workspace \(directory) has no dataset \(hash).", nextStep: .trainModel)
            }
            let classes: [String] = try JSON.decode(row["classes"])
            let metadataColumns: [String] = try JSON.decode(row["metadataColumns"])
            let examples = try Row.fetchAll(db, sql: "SELECT * FROM example WHERE datasetHash = ? ORDER BY position", arguments: [hash]).map { row in
                Example(id: row["exampleID"], text: row["text"], label: row["label"],
                        split: Split(rawValue: row["split"]) ?? .train,
                        metadata: try JSON.decode(row["metadata"]), lineNumber: row["lineNumber"])
            }
            return Dataset(examples: examples, classes: classes, metadataColumns: metadataColumns, sourcePath: row["sourcePath"])
        }
    }
}
