import GRDB

/// The tables of a workspace database and their migrations.
enum WorkspaceSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "state") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
            try db.create(table: "dataset") { table in
                table.primaryKey("hash", .text)
                table.column("sourcePath", .text).notNull()
                table.column("classes", .text).notNull()          // JSON array
                table.column("metadataColumns", .text).notNull()  // JSON array
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "example") { table in
                table.column("datasetHash", .text).notNull().references("dataset", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("exampleID", .text).notNull()
                table.column("text", .text).notNull()
                table.column("label", .text).notNull()
                table.column("split", .text).notNull()
                table.column("metadata", .text).notNull()         // JSON object
                table.column("lineNumber", .integer).notNull()
                table.primaryKey(["datasetHash", "position"])
                table.uniqueKey(["datasetHash", "exampleID"])
            }
            try db.create(table: "model") { table in
                table.primaryKey("fingerprint", .text)
                table.column("recipeKey", .text).notNull().unique()
                table.column("datasetHash", .text).notNull().references("dataset")
                table.column("kind", .text).notNull()
                table.column("directory", .text).notNull()
                table.column("recipe", .text).notNull()           // JSON
                table.column("trainingReport", .text)             // JSON
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "prediction") { table in
                table.column("modelFingerprint", .text).notNull().references("model", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("prediction", .integer).notNull()
                table.column("probabilities", .blob).notNull()    // [Float]
                table.primaryKey(["modelFingerprint", "position"])
            }
            try db.create(table: "salienceRun") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("modelFingerprint", .text).notNull()
                table.column("recipeKey", .text).notNull()
                table.column("recipe", .text).notNull()           // JSON SalienceRecipe
                table.column("createdAt", .datetime).notNull()
                table.uniqueKey(["modelFingerprint", "recipeKey"])
            }
            try db.create(table: "salienceMap") { table in
                table.column("runID", .integer).notNull().references("salienceRun", onDelete: .cascade)
                table.column("position", .integer).notNull()
                table.column("tokenIDs", .blob).notNull()         // [Int32]
                table.column("scores", .blob).notNull()           // [Float]
                table.column("target", .integer).notNull()
                table.column("targetLogit", .double).notNull()
                table.column("prediction", .integer).notNull()
                table.column("probability", .double).notNull()
                table.column("baselineLogit", .double)
                table.column("delta", .double)
                table.primaryKey(["runID", "position"])
            }
        }
        // Model versions (migration named after the work that added it) (disabled features, head retraining) name their parent.
        migrator.registerMigration("find") { db in
            try db.alter(table: "model") { table in
                table.add(column: "parentFingerprint", .text)
            }
        }
        // Shards (migration named after the work that added it): which shard of which slice a shard workspace holds (`attribute --shard i/N`).
        migrator.registerMigration("scale") { db in
            try db.create(table: "salienceShard") { table in
                table.primaryKey("runID", .integer).references("salienceRun", onDelete: .cascade)
                table.column("shardIndex", .integer).notNull()
                table.column("shardCount", .integer).notNull()
                table.column("slicePositions", .blob).notNull()    // [Int32]: dataset positions of the whole slice
                table.column("sliceDigest", .text).notNull()       // digest of the whole slice's example ids
                table.column("positions", .blob).notNull()         // [Int32]: dataset positions of this shard's examples
            }
        }
        return migrator
    }
}
