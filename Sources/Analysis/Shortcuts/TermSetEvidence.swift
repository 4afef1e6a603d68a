import LinearAlgebra

/// What the data and the stored maps say about one term set for one class (docs/METHOD.md, "Shortcut search").
public struct TermSetEvidence: Sendable, Equatable {
    /// Examples of the slice containing every term of the set.
    public var support: Int
    /// Of those, the examples predicted as the class.
    public var predictedCount: Int
    /// predictedCount / support (0 without support).
    public var predictionPrecision: Double
    /// The fraction of the slice predicted as the class.
    public var baseRate: Double
    /// predictionPrecision / baseRate.
    public var lift: Double
    /// The fraction of the supporting examples with a gold label whose label is the class; nil when none has a label.
    public var labelPrecision: Double?
    /// Mean share of the set (the sum of its terms' shares) in the maps of the supporting examples predicted as the class.
    public var salienceShare: Double
    /// Rows of the supporting examples predicted as the class, the set's largest share first.
    public var exampleRows: [Int]
}

/// The slice a shortcut search looks at, indexed for term-set questions: which rows contain a
/// token, what each row is predicted and labelled, and its salience shares.
public struct TermSetIndex: Sendable {
    /// Rows containing each token, ascending, `[|V|][·]`.
    let postings: [[Int]]
    /// Predicted class of every row, `[n]`.
    public let predictions: [Int]
    /// Gold class of every row, nil for an unlabelled row, `[n]`.
    public let labels: [Int?]
    /// Per-row salience shares `[n, |V|]` (`SalienceShares.build`).
    public let shares: SparseMatrix

    /// The index of a slice: its rows' token ids, predictions, gold labels and shares.
    /// - Complexity: O(Σ lengths + |V|).
    public init(tokenIDs: [[Int32]], predictions: [Int], labels: [Int?], shares: SparseMatrix) {
        precondition(tokenIDs.count == predictions.count && predictions.count == labels.count && labels.count == shares.rowCount,
                     "Term-set index needs one row each: \(tokenIDs.count) token lists, \(predictions.count) predictions, \(labels.count) labels, \(shares.rowCount) share rows")
        var postings = [[Int]](repeating: [], count: shares.columnCount)
        for (row, tokens) in tokenIDs.enumerated() {
            for token in tokens where postings[Int(token)].last != row { postings[Int(token)].append(row) }
        }
        self.postings = postings
        self.predictions = predictions
        self.labels = labels
        self.shares = shares
    }

    /// Rows of the slice.
    public var rowCount: Int { predictions.count }

    /// Rows containing every token of `terms`, ascending.
    /// - Complexity: O(Σ postings lengths of the terms).
    public func rows(containing terms: [Int32]) -> [Int] {
        precondition(!terms.isEmpty, "A term set needs at least one term")
        var result = postings[Int(terms[0])]
        for term in terms.dropFirst() {
            let other = postings[Int(term)]
            var merged: [Int] = []
            var left = 0, right = 0
            while left < result.count && right < other.count {
                if result[left] == other[right] { merged.append(result[left]); left += 1; right += 1 }
                else if result[left] < other[right] { left += 1 } else { right += 1 }
            }
            result = merged
        }
        return result
    }

    /// The evidence for `terms` as a shortcut to `classIndex`.
    /// - Complexity: O(support × |terms| × log row length + n).
    public func evidence(for terms: [Int32], classIndex: Int) -> TermSetEvidence {
        let rows = rows(containing: terms)
        let classCount = predictions.reduce(0) { $0 + ($1 == classIndex ? 1 : 0) }
        let baseRate = rowCount > 0 ? Double(classCount) / Double(rowCount) : 0
        var predicted: [(row: Int, share: Double)] = []
        var labelled = 0, labelHits = 0
        for row in rows {
            if let label = labels[row] {
                labelled += 1
                if label == classIndex { labelHits += 1 }
            }
            guard predictions[row] == classIndex else { continue }
            var share = 0.0
            for term in terms { share += SalienceShares.share(shares, row: row, column: term) }
            predicted.append((row, share))
        }
        let precision = rows.isEmpty ? 0 : Double(predicted.count) / Double(rows.count)
        let meanShare = predicted.isEmpty ? 0 : predicted.reduce(0) { $0 + $1.share } / Double(predicted.count)
        predicted.sort { $0.share != $1.share ? $0.share > $1.share : $0.row < $1.row }
        return TermSetEvidence(support: rows.count, predictedCount: predicted.count, predictionPrecision: precision, baseRate: baseRate,
                               lift: baseRate > 0 ? precision / baseRate : 0,
                               labelPrecision: labelled > 0 ? Double(labelHits) / Double(labelled) : nil,
                               salienceShare: meanShare, exampleRows: predicted.map(\.row))
    }
}
