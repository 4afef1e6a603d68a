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
            let classes: [String] = try JSON.decode(row.decode(forColumn: "classes") as String)
            let metadataColumns: [String] = try JSON.decode(row.decode(forColumn: "metadataColumns") as String)
            var examples: [Example] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM example WHERE datasetHash = ? ORDER BY position", arguments: [hash])
            while let row = try rows.next() {
                let label: String = try row.decode(forColumn: "label")
                let splitName: String = try row.decode(forColumn: "split")
                guard classes.contains(label), let split = Split(rawValue: splitName) else {
                    throw WorkspaceError.damaged(directory, "example \(examples.count) of dataset \(hash) has label \"\(label)\" and split \"\(splitName)\"")
                }
                examples.append(Example(id: try row.decode(forColumn: "exampleID"), text: try row.decode(forColumn: "text"), label: label,
                                        split: split, metadata: try JSON.decode(row.decode(forColumn: "metadata") as String),
                                        lineNumber: try row.decode(forColumn: "lineNumber")))
            }
            return Dataset(examples: examples, classes: classes, metadataColumns: metadataColumns, sourcePath: try row.decode(forColumn: "sourcePath"))
        }
    }
}
