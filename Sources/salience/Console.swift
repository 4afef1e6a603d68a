import ArgumentParser
import Diagnostics
import Foundation

/// Output helpers: JSON on stdout, messages on stderr, and the error policy of every command.
enum Console {
    /// Writes a line to standard error.
    static func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints one JSON document on stdout.
    static func printJSON<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            log("internal error: cannot encode the JSON output: \(error)")
        }
    }

    /// The JSON text of a value, for files.
    static func jsonText<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// The error's sentence followed by its next step as the command to run or the flag to pass.
    static func sentence(for error: any UserFacingError) -> String {
        error.nextStep.map { "\(error.message) \($0.commandHint)" } ?? error.message
    }

    /// Runs a command body: bad input prints one sentence and exits 1, anything else exits 2.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            log("error: \(error.message)")
            throw ExitCode(1)
        } catch let error as any UserFacingError {
            log("error: \(sentence(for: error))")
            throw ExitCode(1)
        } catch {
            log("internal error: \(error)")
            throw ExitCode(2)
        }
    }
}

/// Marks errors raised by the command-line layer itself.
enum CommandStage: PipelineStage {}

/// A bad-input error raised by the command-line layer itself.
typealias CommandError = InputError<CommandStage>
