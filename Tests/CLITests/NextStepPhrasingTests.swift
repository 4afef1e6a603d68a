import Diagnostics
import Testing
@testable import salience

/// The one place where the library's next steps become commands and flags.
@Suite("Next steps as commands")
struct NextStepPhrasingTests {
    @Test("each next step is one sentence naming the command to run or the flag to pass", arguments: [
        (NextStep.trainModel, "Run `salience train --data FILE` first."),
        (.retrainModel, "Run `salience train --data FILE` again to rebuild it."),
        (.fetchResource("minilm"), "Run `salience data fetch minilm`."),
        (.fineTuneCheckpoint("ckpt"), "Fine-tune it first with `salience train --model bert --checkpoint ckpt --data FILE`."),
        (.chooseValue(parameter: "k", advice: "at most 7"), "Pass --k at most 7."),
        (.chooseValue(parameter: "perplexity", advice: "of 16 or less"), "Pass --perplexity of 16 or less."),
        (.chooseValue(parameter: "filter", advice: "with a looser condition"), "Pass --where with a looser condition."),
        (.chooseValue(parameter: "textColumn", advice: "with the name of the text column"), "Pass --text-column with the name of the text column."),
        (.chooseValue(parameter: "colour", advice: "red or blue"), "Choose another colour, red or blue."),
    ])
    func phrasing(step: NextStep, sentence: String) {
        #expect(step.commandHint == sentence)
    }

    @Test("every flag in the table is a long flag the program has")
    func flagsExist() throws {
        let help = [Salience.helpMessage(for: ClusterCommand.self), Salience.helpMessage(for: MapCommand.self),
                    Salience.helpMessage(for: AttributeCommand.self), Salience.helpMessage(for: TrainCommand.self),
                    Salience.helpMessage(for: SensitivityInsertCommand.self), Salience.helpMessage(for: ImportCommand.self),
                    Salience.helpMessage(for: NeighborsCommand.self), Salience.helpMessage(for: ShortcutsCommand.self),
                    Salience.helpMessage(for: FaithfulnessCommand.self), Salience.helpMessage(for: DisableCommand.self)]
            .joined(separator: "\n")
        for (parameter, flag) in NextStep.flags {
            #expect(flag.hasPrefix("--"), "\(parameter)")
            #expect(help.contains(flag + " "), "\(parameter) → \(flag) is no option of the program")
        }
    }

    @Test("a library error with a next step prints its sentence, then the remedy")
    func sentence() {
        let error = CommandError("The data file x.csv has no text column \"text\".", nextStep: .chooseValue(parameter: "textColumn", advice: "with the name of the text column"))
        #expect(Console.sentence(for: error) == "The data file x.csv has no text column \"text\". Pass --text-column with the name of the text column.")
        #expect(Console.sentence(for: CommandError("Plain.")) == "Plain.")
    }
}
