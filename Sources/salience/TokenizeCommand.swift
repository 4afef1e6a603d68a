import ArgumentParser
import Foundation
import TextData

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize", abstract: "Show the model tokenizer's word pieces and ids of a text or of every line of a file.")

    @Option(help: "The text to tokenize.")
    var text: String?

    @Option(help: "A file: one text per line (JSON Lines output).")
    var file: String?

    @Option(help: "Checkpoint whose vocab.txt to use; by default the fetched all-MiniLM-L6-v2 in the data home.")
    var checkpoint: String = DataHome.current.miniLMDirectory

    @Option(help: "Whole tokens added to the vocabulary, comma-separated.")
    var added: String = "COMMON,CLASS_0,CLASS_1"

    @Option(help: "Longest sequence, [CLS] and [SEP] included (default: no limit).")
    var maxLength: Int?

    @OptionGroup var output: OutputOptions

    struct Tokens: Codable { var tokens: [String]; var ids: [Int32] }

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("Give exactly one of --text or --file.") }
    }

    func run() throws {
        try Console.run {
            let addedTokens = added.split(separator: ",").map(String.init)
            let tokenizer = try WordPieceTokenizer(vocabularyPath: (checkpoint as NSString).appendingPathComponent("vocab.txt"), addedTokens: addedTokens)
            func tokens(_ line: String) -> Tokens {
                let ids = tokenizer.encode(line, maxLength: maxLength)
                return Tokens(tokens: ids.map { tokenizer.vocabulary[Int($0)] }, ids: ids)
            }
            if let text {
                let result = tokens(text)
                output.emit(result) {
                    var table = TextTable(["#", "token", "id"], alignments: [.right, .left, .right])
                    for (index, (token, id)) in zip(result.tokens, result.ids).enumerated() { table.add([String(index), token, String(id)]) }
                    return table.render()
                }
                return
            }
            guard let data = FileManager.default.contents(atPath: file!) else {
                throw CommandError("Cannot read --file \(file!): the file does not exist or is not readable.")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            var lines = ""
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast(data.last == UInt8(ascii: "\n") ? 1 : 0) {
                let result = tokens(String(line))
                if output.format == .json {
                    lines += String(decoding: try encoder.encode(result), as: UTF8.self) + "\n"
                } else {
                    lines += result.tokens.joined(separator: " ") + "\n"
                }
            }
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
    }
}
