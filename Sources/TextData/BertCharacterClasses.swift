/// The character classes of the BERT normalizer and pre-tokenizer, as the Hugging Face
/// `tokenizers` crate defines them (normalizers/bert.rs, pre_tokenizers/bert.rs,
/// added_vocabulary.rs).
///
/// Two Unicode versions meet there, and this type reproduces both:
/// * "control", "non-spacing mark" and "punctuation" come from the `unicode_categories` crate,
///   whose tables are Unicode 8.0: a scalar assigned after 8.0 is none of them, and the few
///   scalars whose general category changed since 8.0 keep their 8.0 category
///   (`unicode8CategoryChanges`). Unassigned scalars (Cn) are not "control" there.
/// * whitespace (`char::is_whitespace`) and lowercasing (`char::to_lowercase`) follow current
///   Unicode, as Swift's do; the `\w` of the whole-word test for added tokens (regex crate)
///   follows Unicode 16.0, so scalars assigned later (Swift knows 17.0) are not word characters.
/// Checked exhaustively: `scripts/reference_tokenizer.py --codepoint-sweep` writes three texts
/// per Unicode scalar, whose reference output the golden test compares when pointed at it with
/// SALIENCE_TOKENIZER_GOLDEN (all 3,336,192 agree with tokenizers 0.23.3).
enum BertCharacterClasses {
    /// Per ASCII byte: bit 0 removed by clean-up, bit 1 whitespace, bit 2 punctuation,
    /// bit 3 word character (`\w`).
    private static let asciiFlags: [UInt8] = (0..<128).map { code -> UInt8 in
        let byte = UInt8(code)
        var flags: UInt8 = 0
        let isTabOrNewline = byte == 0x09 || byte == 0x0A || byte == 0x0D
        if (byte < 0x20 && !isTabOrNewline) || byte == 0x7F { flags |= 1 }
        if isTabOrNewline || byte == 0x20 { flags |= 2 }
        // Rust's `is_ascii_punctuation`: the 32 printable ASCII symbols.
        if (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte)
            || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte) { flags |= 4 }
        if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
            || (0x61...0x7A).contains(byte) || byte == 0x5F { flags |= 8 }
        return flags
    }

    /// Scalars assigned by Unicode 8.0 whose general category has changed since; their 8.0 value.
    /// Found by the exhaustive comparison with the reference tokenizer (and the Unicode
    /// DerivedGeneralCategory files of the two versions).
    private static let unicode8CategoryChanges: [UInt32: Unicode.GeneralCategory] = [
        0x1734: .nonspacingMark,        // HANUNOO SIGN PAMUDPOD: Mn in 8.0, Mc since 14.0
        0x111C9: .otherPunctuation,     // SHARADA SANDHI MARK: Po in 8.0, Mn since 13.0
        0x166D: .otherPunctuation,      // CANADIAN SYLLABICS CHI SIGN: Po in 8.0, So since 12.0
        0x1885: .otherLetter,           // MONGOLIAN LETTER ALI GALI BALUDA: Lo in 8.0, Mn since 9.0
        0x1886: .otherLetter,           // MONGOLIAN LETTER ALI GALI THREE BALUDA: Lo in 8.0, Mn since 9.0
        0xA9BD: .spacingMark,           // JAVANESE CONSONANT SIGN KERET: Mc in 8.0, Mn since 16.0
        0x1171E: .nonspacingMark,       // AHOM CONSONANT SIGN MEDIAL RA: Mn in 8.0, Mc since 16.0
    ]

    /// The general category of `scalar` in Unicode 8.0, `nil` if it was unassigned then.
    @inline(__always)
    static func unicode8Category(_ scalar: Unicode.Scalar) -> Unicode.GeneralCategory? {
        let properties = scalar.properties
        guard let age = properties.age, age.major < 8 || (age.major == 8 && age.minor == 0) else {
            return nil
        }
        if let changed = unicode8CategoryChanges[scalar.value] { return changed }
        return properties.generalCategory
    }

    /// Whether clean-up deletes the scalar: NUL, U+FFFD, and "other" characters (Cc, Cf, Co,
    /// Cs of Unicode 8.0) except tab, LF and CR.
    @inline(__always)
    static func isRemovedByCleanup(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return asciiFlags[Int(value)] & 1 != 0 }
        if value == 0xFFFD { return true }
        switch unicode8Category(scalar) {
        case .control?, .format?, .privateUse?, .surrogate?: return true
        default: return false
        }
    }

    /// Whether the scalar is whitespace for the BERT pipeline (tab, LF, CR, or Unicode White_Space).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return asciiFlags[Int(value)] & 2 != 0 }
        return scalar.properties.isWhitespace
    }

    /// Whether the pre-tokenizer isolates the scalar: ASCII punctuation or a Unicode 8.0 P* category.
    @inline(__always)
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return asciiFlags[Int(value)] & 4 != 0 }
        switch unicode8Category(scalar) {
        case .connectorPunctuation?, .dashPunctuation?, .openPunctuation?, .closePunctuation?,
             .initialPunctuation?, .finalPunctuation?, .otherPunctuation?:
            return true
        default:
            return false
        }
    }

    /// Whether accent stripping deletes the scalar (after NFD): a Unicode 8.0 non-spacing mark.
    @inline(__always)
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        return unicode8Category(scalar) == .nonspacingMark
    }

    /// Whether the normalizer puts spaces around the scalar: the CJK ideograph blocks of the
    /// original BERT code (unified ideographs, extensions A–E, compatibility ideographs).
    @inline(__always)
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Whether the scalar is a regex `\w` character of Unicode 16.0 (Alphabetic, marks, Nd, Pc,
    /// Join_Control): an added whole-word token must not touch one on either side.
    @inline(__always)
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return asciiFlags[Int(value)] & 8 != 0 }
        let properties = scalar.properties
        guard let age = properties.age, age.major <= 16 else { return false }
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Whether the token consists only of punctuation and symbol characters (current Unicode).
    static func isPunctuationOrSymbol(_ token: Substring) -> Bool {
        guard !token.isEmpty else { return false }
        return token.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation,
                 .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                return true
            default:
                return false
            }
        }
    }
}
