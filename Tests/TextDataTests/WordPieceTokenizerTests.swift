import Testing
@testable import TextData

/// Behaviour of the WordPiece tokenizer on a tiny hand-made vocabulary.
@Suite("WordPiece tokenizer")
struct WordPieceTokenizerTests {
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                             "un", "##aff", "##able", "unaff", "the", "movie", "common", "##s", ".", "!",
                             "a", "##b", "caf\u{E9}", "x"]

    static func tokenizer() -> WordPieceTokenizer {
        WordPieceTokenizer(vocabulary: vocabulary, addedTokens: ShortcutInjector.tokens)
    }

    @Test("greedy longest match first, continuation pieces with ##")
    func greedyLongestMatch() {
        let tokenizer = Self.tokenizer()
        #expect(tokenizer.tokenize("unaffable") == ["unaff", "##able"])
        #expect(tokenizer.tokenize("Unaffable!") == ["unaff", "##able", "!"])
        #expect(tokenizer.tokenize("commons") == ["common", "##s"])
    }

    @Test("a word with an unmatched rest, or longer than 100 characters, is one [UNK]")
    func unknownWords() {
        let tokenizer = Self.tokenizer()
        #expect(tokenizer.tokenize("unaffablez the") == ["[UNK]", "the"])
        let exactly100 = "a" + String(repeating: "b", count: 99)
        #expect(tokenizer.tokenize(exactly100).count == 100)
        #expect(tokenizer.tokenize(exactly100 + "b") == ["[UNK]"])
    }

    @Test("added tokens get the ids after the vocabulary and match only as whole words, case-sensitively")
    func addedTokens() {
        let tokenizer = Self.tokenizer()
        let size = Self.vocabulary.count
        #expect(tokenizer.vocabularySize == size + 3)
        #expect(tokenizer.tokenID("COMMON") == Int32(size))
        #expect(tokenizer.tokenID("CLASS_0") == Int32(size + 1))
        #expect(tokenizer.tokenID("CLASS_1") == Int32(size + 2))
        #expect(tokenizer.tokenize("the COMMON movie CLASS_1.") == ["the", "COMMON", "movie", "CLASS_1", "."])
        #expect(tokenizer.tokenize("common Common") == ["common", "common"])
        #expect(tokenizer.tokenize("COMMONs") == ["common", "##s"])
        #expect(tokenizer.tokenize("xCOMMON")[0] != "COMMON")
        #expect(!tokenizer.tokenize("COMMON_x").contains("COMMON"))
    }

    @Test("special tokens in the raw text are kept, anywhere")
    func specialTokensInText() {
        let tokenizer = Self.tokenizer()
        #expect(tokenizer.tokenize("a[MASK]the") == ["a", "[MASK]", "the"])
        #expect(tokenizer.tokenize("[mask]") == ["[UNK]", "[UNK]", "[UNK]"])
    }

    @Test("encode adds [CLS] and [SEP] and truncates the pieces to fit maxLength")
    func encodeTruncates() {
        let tokenizer = Self.tokenizer()
        let full = tokenizer.encode("the movie the movie")
        #expect(full == [2, 9, 10, 9, 10, 3])
        #expect(tokenizer.encode("the movie the movie", maxLength: 4) == [2, 9, 10, 3])
        #expect(tokenizer.encode("the movie the movie", maxLength: 6) == full)
        #expect(tokenizer.encode("the movie the movie", maxLength: 2) == [2, 3])
        #expect(tokenizer.encode("") == [2, 3])
    }

    @Test("accents are stripped after decomposition and look-ups compare bytes exactly")
    func accentsAndExactLookup() {
        let tokenizer = Self.tokenizer()
        // "café" in the vocabulary is precomposed; text is decomposed and stripped to "cafe".
        #expect(tokenizer.tokenize("Caf\u{E9}") == ["[UNK]"])
        #expect(tokenizer.tokenID("caf\u{E9}") == 17)
        #expect(tokenizer.tokenID("cafe\u{301}") == nil)
        #expect(tokenizer.tokenize("\u{C1}") == ["a"])
    }

    @Test("special and punctuation ids are recognised")
    func idClasses() {
        let tokenizer = Self.tokenizer()
        #expect([tokenizer.padID, tokenizer.unknownID, tokenizer.classifierID, tokenizer.separatorID, tokenizer.maskID] == [0, 1, 2, 3, 4])
        #expect(tokenizer.isSpecial(2) && tokenizer.isSpecial(4) && !tokenizer.isSpecial(9))
        #expect(tokenizer.isPunctuation(13) && tokenizer.isPunctuation(14))
        #expect(!tokenizer.isPunctuation(9) && !tokenizer.isPunctuation(2))
    }

    @Test("a vocabulary file without the special tokens is rejected with the file name")
    func badVocabularyFile() {
        let directory = TestSupport.temporaryDirectory()
        defer { TestSupport.removeDirectory(directory) }
        let path = TestSupport.write("[PAD]\nthe\n", to: "vocab.txt", in: directory)
        let error = TestSupport.error { () throws(DataError) in try WordPieceTokenizer(vocabularyPath: path) }
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("[UNK]") == true)
        let crlf = TestSupport.write(Self.vocabulary.joined(separator: "\r\n") + "\r\n", to: "crlf.txt", in: directory)
        let fromFile = try? WordPieceTokenizer(vocabularyPath: crlf, addedTokens: ShortcutInjector.tokens)
        #expect(fromFile?.vocabulary == Self.tokenizer().vocabulary)
        #expect(fromFile?.encode("Unaffable COMMON") == Self.tokenizer().encode("Unaffable COMMON"))
        let missing = TestSupport.error { () throws(DataError) in try WordPieceTokenizer(vocabularyPath: directory + "/none.txt") }
        #expect(missing?.message.contains("none.txt") == true && missing?.message.contains("--") == false)
        #expect(missing?.nextStep == .fetchResource("minilm"))
    }
}
