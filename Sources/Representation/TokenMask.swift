/// A dense `[vocabularySize]` membership mask for excluded token ids (faster than hashing
/// every token of every example).
struct TokenMask {
    var isExcluded: [Bool]

    init(vocabularySize: Int, excluded: Set<Int32>) {
        isExcluded = [Bool](repeating: false, count: vocabularySize)
        for token in excluded where token >= 0 && Int(token) < vocabularySize {
            isExcluded[Int(token)] = true
        }
    }
}

/// Checks that a token id lies in `0..<vocabularySize`; a violation is a programmer error.
@inline(__always)
func checkToken(_ token: Int32, vocabularySize: Int, example: Int) {
    precondition(token >= 0 && Int(token) < vocabularySize,
                 "Token id \(token) of example \(example) is outside the vocabulary 0..<\(vocabularySize)")
}
