import Foundation

/// The BERT uncased WordPiece tokenizer, identical in output to the Hugging Face `tokenizers`
/// `BertWordPieceTokenizer(vocab, lowercase=True)` (the settings of all-MiniLM-L6-v2's
/// `tokenizer.json`), with extra whole-word tokens.
///
/// The pipeline, in the reference's order:
/// 1. **Raw-text tokens.** The special tokens present in the vocabulary (`[PAD]`, `[UNK]`,
///    `[CLS]`, `[SEP]`, `[MASK]`) and the added tokens are cut out of the raw text first,
///    case-sensitively, scanning left to right and taking the longest token that starts at the
///    leftmost position. Special tokens match anywhere (`a[MASK]b` gives `a [MASK] b`). An added
///    token (registered in the reference as `AddedToken(t, single_word=True, normalized=False)`)
///    counts only as a whole word: the characters just before and after it must not be regex
///    `\w` characters (letters, marks, digits, `_`, joiners). `COMMON.` and `(COMMON)` match,
///    `COMMONS`, `xCOMMON` and `COMMON_x` do not, and lower-case `common` is an ordinary word.
///    A rejected occurrence stays ordinary text and scanning resumes after it.
///    The text between raw-text tokens is tokenized piece by piece, independently:
/// 2. **Normalization** (BertNormalizer): delete NUL, U+FFFD and control/format/private-use
///    characters (tab, CR, LF become spaces, as does all other whitespace); put spaces around
///    CJK ideographs; canonical decomposition (NFD) and deletion of non-spacing marks (accents);
///    lowercasing (full Unicode mapping, one character at a time).
/// 3. **Pre-tokenization** (BertPreTokenizer): split on whitespace, and make every punctuation
///    character a word of its own.
/// 4. **WordPiece**: a word longer than 100 characters becomes `[UNK]`; otherwise greedy
///    longest-match-first from the left, later pieces prefixed with `##`; a word with any
///    unmatched remainder becomes a single `[UNK]`.
/// Vocabulary look-ups compare UTF-8 bytes exactly, as the reference does. The Unicode tables
/// behind each step are described in `BertCharacterClasses`.
public final class WordPieceTokenizer: Sendable {
    /// The vocabulary: vocab.txt order, then the added tokens that were not already in it
    /// (ids 30522, 30523, … for MiniLM's 30,522-entry vocabulary).
    public let vocabulary: [String]
    /// The added whole-word tokens, in the order given.
    public let addedTokens: [String]
    /// The id of `[PAD]`.
    public let padID: Int32
    /// The id of `[UNK]`.
    public let unknownID: Int32
    /// The id of `[CLS]`.
    public let classifierID: Int32
    /// The id of `[SEP]`.
    public let separatorID: Int32
    /// The id of `[MASK]`.
    public let maskID: Int32

    /// Words longer than this many characters become `[UNK]` (the reference's
    /// `max_input_chars_per_word`).
    public static let maximumWordCharacterCount = 100

    /// Every vocabulary entry as written (the first piece of a word).
    private let wordStartTrie: ByteTrie
    /// Entries beginning with `##`, without the prefix (the later pieces of a word).
    private let continuationTrie: ByteTrie
    /// Added and special tokens: every token, by exact bytes, for `tokenID`.
    private let addedTokenTrie: ByteTrie
    /// Tokens cut out of the raw text before normalization.
    private let rawTextTokens: [RawTextToken]
    /// Whether some raw-text token begins with the byte.
    private let rawTextFirstBytes: [Bool]
    /// Per id: punctuation-only token.
    private let punctuationFlags: [Bool]

    private struct RawTextToken: Sendable {
        let bytes: [UInt8]
        let id: Int32
        let wholeWord: Bool
    }

    /// The special tokens every BERT vocabulary must contain.
    public static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// A tokenizer reading a BERT `vocab.txt` (one token per line, id = line index; trailing
    /// whitespace of a line is ignored, a repeated token keeps its last line's id).
    public convenience init(vocabularyPath: String, addedTokens: [String] = []) throws(DataError) {
        guard let data = FileManager.default.contents(atPath: vocabularyPath) else {
            throw DataError("Cannot read the vocabulary file \(vocabularyPath); it must be the vocab.txt of a BERT checkpoint.", nextStep: .fetchResource("minilm"))
        }
        var lines: [String] = []
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard let text = String(validating: line, as: UTF8.self) else {
                throw DataError("The vocabulary file \(vocabularyPath) is not UTF-8 text (line \(lines.count + 1)); pass the vocab.txt of a BERT checkpoint.")
            }
            var scalars = text.unicodeScalars
            while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            lines.append(String(scalars))
        }
        if lines.last == "" { lines.removeLast() }
        let present = Set(lines)
        let missing = WordPieceTokenizer.specialTokens.filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw DataError("The vocabulary file \(vocabularyPath) lacks the special token\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); pass the vocab.txt of a BERT checkpoint.")
        }
        self.init(vocabulary: lines, addedTokens: addedTokens)
    }

    /// A tokenizer over the given vocabulary (id = index), which must contain the five special
    /// tokens, plus whole-word added tokens (an added token already in the vocabulary keeps its id).
    public init(vocabulary: [String], addedTokens: [String] = []) {
        var wordStarts = ByteTrie()
        var continuations = ByteTrie()
        for (index, token) in vocabulary.enumerated() {
            wordStarts.insert(token.utf8, id: Int32(index))
            if token.utf8.starts(with: "##".utf8) {
                continuations.insert(token.utf8.dropFirst(2), id: Int32(index))
            }
        }
        func specialID(_ token: String) -> Int32 {
            guard let id = wordStarts.lookup(token.utf8) else {
                preconditionFailure("WordPieceTokenizer vocabulary lacks the special token \(token)")
            }
            return id
        }
        padID = specialID("[PAD]")
        unknownID = specialID("[UNK]")
        classifierID = specialID("[CLS]")
        separatorID = specialID("[SEP]")
        maskID = specialID("[MASK]")

        var fullVocabulary = vocabulary
        var addedTrie = ByteTrie()
        var rawTokens: [RawTextToken] = []
        for token in WordPieceTokenizer.specialTokens {
            let id = specialID(token)
            addedTrie.insert(token.utf8, id: id)
            rawTokens.append(RawTextToken(bytes: Array(token.utf8), id: id, wholeWord: false))
        }
        var acceptedAdded: [String] = []
        for token in addedTokens where !token.isEmpty {
            if addedTrie.lookup(token.utf8) != nil { continue }
            let id: Int32
            if let existing = wordStarts.lookup(token.utf8) {
                id = existing
            } else {
                id = Int32(fullVocabulary.count)
                fullVocabulary.append(token)
            }
            addedTrie.insert(token.utf8, id: id)
            rawTokens.append(RawTextToken(bytes: Array(token.utf8), id: id, wholeWord: true))
            acceptedAdded.append(token)
        }
        var firstBytes = [Bool](repeating: false, count: 256)
        for token in rawTokens { firstBytes[Int(token.bytes[0])] = true }

        self.vocabulary = fullVocabulary
        self.addedTokens = acceptedAdded
        wordStartTrie = wordStarts
        continuationTrie = continuations
        addedTokenTrie = addedTrie
        rawTextTokens = rawTokens
        rawTextFirstBytes = firstBytes
        punctuationFlags = fullVocabulary.map { token in
            let bare = token.hasPrefix("##") && token.count > 2 ? token.dropFirst(2) : Substring(token)
            return BertCharacterClasses.isPunctuationOrSymbol(bare)
        }
    }

    /// The number of token ids (vocabulary plus added tokens).
    public var vocabularySize: Int { vocabulary.count }

    /// The id of a token given exactly as in the vocabulary (`##` prefix included), or `nil`.
    public func tokenID(_ token: String) -> Int32? {
        addedTokenTrie.lookup(token.utf8) ?? wordStartTrie.lookup(token.utf8)
    }

    /// The tokens of the given ids.
    public func tokens(for ids: [Int32]) -> [String] {
        ids.map { vocabulary[Int($0)] }
    }

    /// Whether the id is one of `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]`, `[MASK]`.
    public func isSpecial(_ id: Int32) -> Bool {
        id == padID || id == unknownID || id == classifierID || id == separatorID || id == maskID
    }

    /// Whether the token (without `##`) consists only of punctuation and symbol characters.
    public func isPunctuation(_ id: Int32) -> Bool {
        id >= 0 && Int(id) < punctuationFlags.count && punctuationFlags[Int(id)]
    }

    /// The word pieces of the text, without `[CLS]`/`[SEP]`.
    /// - Complexity: O(text length × longest vocabulary entry).
    public func tokenize(_ text: String) -> [String] {
        var ids: [Int32] = []
        appendPieceIDs(of: text, to: &ids)
        return tokens(for: ids)
    }

    /// The ids of the word pieces of the text, without `[CLS]`/`[SEP]`.
    public func pieceIDs(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        appendPieceIDs(of: text, to: &ids)
        return ids
    }

    /// `[CLS]` + the word-piece ids + `[SEP]`, keeping only the first `maxLength − 2` pieces
    /// when `maxLength` is given (so the result has at most `maxLength` ids, `maxLength ≥ 2`).
    /// - Complexity: O(text length × longest vocabulary entry).
    public func encode(_ text: String, maxLength: Int? = nil) -> [Int32] {
        var ids: [Int32] = [classifierID]
        ids.reserveCapacity(text.utf8.count / 3 + 4)
        appendPieceIDs(of: text, to: &ids)
        if let maxLength {
            precondition(maxLength >= 2, "encode maxLength must be at least 2 ([CLS] and [SEP]), got \(maxLength)")
            if ids.count > maxLength - 1 { ids.removeSubrange((maxLength - 1)...) }
        }
        ids.append(separatorID)
        return ids
    }

    // MARK: - Pipeline

    /// Appends the piece ids of the whole text: raw-text tokens cut out, the rest tokenized.
    private func appendPieceIDs(of text: String, to ids: inout [Int32]) {
        var text = text
        text.withUTF8 { bytes in
            var segmentStart = 0
            var index = 0
            while index < bytes.count {
                guard rawTextFirstBytes[Int(bytes[index])], let match = rawTextMatch(in: bytes, at: index) else {
                    index += 1
                    continue
                }
                let end = index + match.length
                if !match.wholeWord || isWholeWord(in: bytes, start: index, end: end) {
                    appendSegment(UnsafeBufferPointer(rebasing: bytes[segmentStart..<index]), to: &ids)
                    ids.append(match.id)
                    segmentStart = end
                }
                index = end
            }
            appendSegment(UnsafeBufferPointer(rebasing: bytes[segmentStart..<bytes.count]), to: &ids)
        }
    }

    /// The longest raw-text token starting at `index`.
    private func rawTextMatch(in bytes: UnsafeBufferPointer<UInt8>, at index: Int)
        -> (length: Int, id: Int32, wholeWord: Bool)? {
        var best: (length: Int, id: Int32, wholeWord: Bool)? = nil
        for token in rawTextTokens where token.bytes.count <= bytes.count - index {
            if let best, best.length >= token.bytes.count { continue }
            var matches = true
            for offset in 0..<token.bytes.count where bytes[index + offset] != token.bytes[offset] {
                matches = false
                break
            }
            if matches { best = (token.bytes.count, token.id, token.wholeWord) }
        }
        return best
    }

    /// Whether neither the character before `start` nor the one at `end` is a `\w` character.
    private func isWholeWord(in bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        if start > 0 {
            var first = start - 1
            while first > 0 && bytes[first] & 0xC0 == 0x80 { first -= 1 }
            if let scalar = decodeScalar(in: bytes, at: first)?.scalar,
               BertCharacterClasses.isWordCharacter(scalar) { return false }
        }
        if end < bytes.count, let scalar = decodeScalar(in: bytes, at: end)?.scalar,
           BertCharacterClasses.isWordCharacter(scalar) { return false }
        return true
    }

    /// Appends the piece ids of a stretch of text free of raw-text tokens.
    private func appendSegment(_ bytes: UnsafeBufferPointer<UInt8>, to ids: inout [Int32]) {
        guard !bytes.isEmpty else { return }
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var wordCharacterCount = 0
        if isASCII {
            for byte in bytes {
                let scalar = Unicode.Scalar(byte)
                if BertCharacterClasses.isRemovedByCleanup(scalar) { continue }
                if BertCharacterClasses.isWhitespace(scalar) {
                    appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
                } else if BertCharacterClasses.isPunctuation(scalar) {
                    appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
                    word.append(byte)
                    wordCharacterCount = 1
                    appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
                } else {
                    word.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                    wordCharacterCount += 1
                }
            }
            appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
            return
        }
        for scalar in normalizedScalars(of: bytes) {
            if BertCharacterClasses.isWhitespace(scalar) {
                appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
            } else if BertCharacterClasses.isPunctuation(scalar) {
                appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
                word.append(contentsOf: String(scalar).utf8)
                wordCharacterCount = 1
                appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
            } else {
                word.append(contentsOf: String(scalar).utf8)
                wordCharacterCount += 1
            }
        }
        appendWord(&word, characterCount: &wordCharacterCount, to: &ids)
    }

    /// BertNormalizer on a non-ASCII stretch: clean-up, CJK spacing, NFD, mark removal, lowercase.
    private func normalizedScalars(of bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            guard let (scalar, length) = decodeScalar(in: bytes, at: index) else {
                index += 1
                continue
            }
            index += length
            if BertCharacterClasses.isRemovedByCleanup(scalar) { continue }
            if BertCharacterClasses.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if BertCharacterClasses.isChineseCharacter(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(decomposed.unicodeScalars.count)
        for scalar in decomposed.unicodeScalars where !BertCharacterClasses.isNonspacingMark(scalar) {
            if scalar.value < 0x80 {
                let value = scalar.value
                result.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// WordPiece on one word (UTF-8 in `word`), appending its ids and emptying the buffer.
    @inline(__always)
    private func appendWord(_ word: inout [UInt8], characterCount: inout Int, to ids: inout [Int32]) {
        guard !word.isEmpty else { return }
        defer {
            word.removeAll(keepingCapacity: true)
            characterCount = 0
        }
        if characterCount > WordPieceTokenizer.maximumWordCharacterCount {
            ids.append(unknownID)
            return
        }
        let firstPiece = ids.count
        let complete = word.withUnsafeBufferPointer { buffer -> Bool in
            var start = 0
            while start < buffer.count {
                let trie = start == 0 ? wordStartTrie : continuationTrie
                guard let match = trie.longestMatch(in: buffer, from: start) else { return false }
                ids.append(match.id)
                start = match.end
            }
            return true
        }
        if !complete {
            ids.removeSubrange(firstPiece...)
            ids.append(unknownID)
        }
    }

    /// The scalar whose UTF-8 encoding starts at `index`, and its length; `nil` on a malformed byte.
    @inline(__always)
    private func decodeScalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0..<0x80: return (Unicode.Scalar(lead), 1)
        case 0xC0..<0xE0: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0..<0xF0: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0..<0xF8: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
