import LinearAlgebra

extension BertClassifier {
    /// The BERT checkpoint of `checkpointDirectory` ready to fine-tune on `classes`: its encoder,
    /// a head of `classes.count` classes (the checkpoint's when it has one of that size, else a
    /// new one with zero weights), and one new word-piece row per added token, drawn with the
    /// table's own spread. `vocabularySize` is the tokenizer's, the added tokens included.
    ///
    /// A zero head keeps the class logits mirror images of each other throughout training (their
    /// gradients are opposite and AdamW's steps are sign-symmetric), so the gradient of one logit
    /// is the gradient of the decision, with no part left over from a random initial head; the
    /// CNN's output layer starts at zero for the same reason.
    ///
    /// Throws when the checkpoint is not a BERT model, lacks or misshapes a tensor, or its
    /// vocab.txt does not match the embedding table.
    static func toFineTune(checkpointDirectory: String, vocabularySize: Int, addedTokenCount: Int,
                           classes: [String], seed: UInt64) throws(ModelError) -> BertClassifier {
        var generator = SplitMix64(seed: seed)
        var (configuration, parameters, hadClassifier) = try BertCheckpoint.load(
            directory: checkpointDirectory, classCount: classes.count, expectedRowCount: vocabularySize - addedTokenCount,
            generator: &generator)
        if !hadClassifier {
            parameters.classifierWeight.values = [Float](repeating: 0, count: parameters.classifierWeight.values.count)
        }
        if addedTokenCount > 0 {
            var table = parameters.wordEmbeddings
            let spread = standardDeviation(table.values)
            let width = table.columnCount
            table.values += (0..<(addedTokenCount * width)).map { _ in generator.nextNormal() * spread }
            table = Matrix(rowCount: table.rowCount + addedTokenCount, columnCount: width, values: table.values)
            parameters.wordEmbeddings = table
            configuration.vocabularySize += addedTokenCount
        }
        configuration.labels = classes
        return BertClassifier(configuration: configuration, parameters: parameters)
    }

    /// Population standard deviation of `values`.
    private static func standardDeviation(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        var sum = 0.0, squares = 0.0
        for value in values {
            sum += Double(value)
            squares += Double(value) * Double(value)
        }
        let mean = sum / Double(values.count)
        return Float(max(squares / Double(values.count) - mean * mean, 0).squareRoot())
    }
}
