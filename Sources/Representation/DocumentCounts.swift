/// Document-level token and class counts of a set of examples, the statistics behind
/// PMI(token; class): each token counts at most once per example.
struct DocumentCounts {
    /// Number of examples.
    var documentCount: Int
    /// Examples per class, `[classCount]`.
    var classDocumentCounts: [Int]
    /// Examples containing each token, `[vocabularySize]`.
    var tokenDocumentCounts: [Int]
    /// Examples of class c containing token v, flattened `[classCount, vocabularySize]`.
    var jointCounts: [Int]
    var vocabularySize: Int

    /// Counts over `tokenIDs` with class `classes[x]` for example x, skipping masked tokens.
    /// - Complexity: O(Σ_x L_x + classCount × vocabularySize).
    init(tokenIDs: [[Int32]], classes: [Int], classCount: Int, vocabularySize: Int, mask: TokenMask) {
        precondition(tokenIDs.count == classes.count,
                     "PMI needs one class per example, got \(tokenIDs.count) examples and \(classes.count) classes")
        precondition(classCount >= 1, "PMI needs at least one class, got \(classCount)")
        documentCount = tokenIDs.count
        self.vocabularySize = vocabularySize
        classDocumentCounts = [Int](repeating: 0, count: classCount)
        tokenDocumentCounts = [Int](repeating: 0, count: vocabularySize)
        jointCounts = [Int](repeating: 0, count: classCount * vocabularySize)
        // lastSeen[v] = the last example that counted token v, so repeats count once.
        var lastSeen = [Int](repeating: -1, count: vocabularySize)
        for example in tokenIDs.indices {
            let label = classes[example]
            precondition(label >= 0 && label < classCount,
                         "Class \(label) of example \(example) is outside 0..<\(classCount)")
            classDocumentCounts[label] += 1
            for token in tokenIDs[example] {
                checkToken(token, vocabularySize: vocabularySize, example: example)
                let column = Int(token)
                if mask.isExcluded[column] || lastSeen[column] == example { continue }
                lastSeen[column] = example
                tokenDocumentCounts[column] += 1
                jointCounts[label * vocabularySize + column] += 1
            }
        }
    }

    /// PMI(v; c) = ln( p(v, c) / (p(v) p(c)) ) = ln( n(v, c) · N / (n(v) · n(c)) ); −∞ when
    /// the token never occurs with the class.
    func pointwiseMutualInformation(token: Int, classIndex: Int) -> Float {
        let joint = jointCounts[classIndex * vocabularySize + token]
        guard joint > 0 else { return -.infinity }
        let ratio = Double(joint) * Double(documentCount)
            / (Double(tokenDocumentCounts[token]) * Double(classDocumentCounts[classIndex]))
        return Float(log(ratio))
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
