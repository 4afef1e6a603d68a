import Foundation
import Testing
@testable import Probing

@Suite("Seed files")
struct SeedFileTests {
    /// Words to ids: known words get ids, `zzz` the unknown id 3, `unwatchable` two pieces.
    private func pieces(_ text: String) -> [Int32] {
        text.split(separator: " ").flatMap { word -> [Int32] in
            switch word {
            case "awful": return [7]
            case "common": return [5]
            case "class": return [6]
            case "unwatchable": return [8, 9]
            default: return [3]
            }
        }
    }

    private func write(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "seeds-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test("one term per line, comments and blanks skipped, + makes a combination, unknown terms reported by line")
    func parse() throws {
        let path = write("# my terms\nawful\n\ncommon + class\nunwatchable\nzzz\nawful\n")
        let file = try SeedFile.read(path: path, pieceIDs: pieces, unknownID: 3)
        #expect(file.list.terms.map(\.text) == ["awful", "common + class", "unwatchable"])
        #expect(file.list.terms[1].parts == [[5], [6]])
        #expect(file.list.terms[2].isMultiPiece)
        #expect(file.skipped.map(\.line) == [6])
        #expect(file.list.name == (path as NSString).lastPathComponent)
    }

    @Test("a file with no term in the vocabulary, or missing, is refused in one sentence")
    func refusals() {
        let path = write("zzz\nzzz zzz\n")
        #expect(throws: SensitivityError.self) { try SeedFile.read(path: path, pieceIDs: pieces, unknownID: 3) }
        do {
            _ = try SeedFile.read(path: path, pieceIDs: pieces, unknownID: 3)
        } catch {
            #expect(error.message.contains(path) && error.message.contains("line 1"))
        }
        #expect(throws: SensitivityError.self) { try SeedFile.read(path: "/nonexistent/seeds.txt", pieceIDs: pieces, unknownID: 3) }
    }
}
