import Foundation

/// A user's seed list: one term per line.
///
/// Blank lines and lines starting with `#` are skipped. A line with several words is a phrase,
/// inserted in one place and masked where the words occur in that order. Parts separated by
/// ` + ` form a combination: each part goes to its own random position (insert) and every
/// part's occurrences are masked in the examples that contain all of them (mask); this is how
/// a token pair such as `COMMON + CLASS_0` is tested.
public enum SeedFile {
    /// The terms of a seed file with the word pieces `pieceIDs` gives, and the lines skipped
    /// because a part tokenizes to nothing or to the unknown token.
    ///
    /// Throws when the file cannot be read or has no usable term.
    /// - Complexity: O(file length × tokenizer cost).
    public static func read(path: String, pieceIDs: (String) -> [Int32], unknownID: Int32)
        throws(SensitivityError) -> (list: SeedList, skipped: [(line: Int, text: String)]) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SensitivityError("The seed file \(path) cannot be read; check its path (a seed file holds one term per line).")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SensitivityError("The seed file \(path) is not UTF-8 text; save it as UTF-8 with one term per line.")
        }
        var terms: [SeedTerm] = []
        var skipped: [(line: Int, text: String)] = []
        var seen: Set<String> = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let partTexts = line.components(separatedBy: " + ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let parts = partTexts.map(pieceIDs)
            if parts.isEmpty || parts.contains(where: { $0.isEmpty || $0.contains(unknownID) }) {
                skipped.append((index + 1, line))
                continue
            }
            let display = partTexts.joined(separator: " + ")
            guard seen.insert(display).inserted else { continue }
            terms.append(SeedTerm(text: display, parts: parts))
        }
        let name = (path as NSString).lastPathComponent
        guard !terms.isEmpty else {
            let detail = skipped.isEmpty ? "it has no term lines" : "none of its \(skipped.count) terms is in the model's vocabulary (each gives the unknown token), e.g. line \(skipped[0].line) \"\(skipped[0].text)\""
            throw SensitivityError("The seed file \(path) has no usable term: \(detail); write one known word per line.")
        }
        return (SeedList(name: name, origin: "terms of \(path)", terms: terms), skipped)
    }
}
