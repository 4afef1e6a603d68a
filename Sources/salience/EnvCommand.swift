import ArgumentParser
import LinearAlgebra

/// `salience env`: the OpenBLAS kernel the dense products run on, the best one this processor
/// supports, and OpenBLAS's thread count (docs/CLI.md, `salience env`).
struct EnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Show the OpenBLAS kernel in use and the best one this processor supports.")

    @OptionGroup var output: OutputOptions

    func run() throws {
        try Console.run {
            let environment = BLASEnvironment.current()
            output.emit(environment) {
                var rows = [
                    ["OpenBLAS", environment.configuration],
                    ["kernel", environment.coreName],
                    ["best kernel here", "\(environment.bestCoreName) (\(environment.processorTier))"],
                    ["OPENBLAS_CORETYPE", environment.coreTypeVariable ?? "unset"],
                    ["OpenBLAS threads", "\(environment.threadCount) (products are split across \(ParallelFor.processorCount) cores by salience)"],
                    ["processor", environment.processorModel.isEmpty ? "unknown" : environment.processorModel],
                    ["allocator", AllocatorTuning.isApplied ? "glibc keeps freed memory (blocks up to 32 MiB from the heap)"
                        : "system defaults (SALIENCE_KEEP_ALLOCATOR or a MALLOC_* setting, or not glibc)"],
                ]
                if let restartedFrom = environment.restartedFrom { rows.append(["restarted from", restartedFrom]) }
                let width = rows.map(\.[0].count).max() ?? 0
                return rows.map { $0[0].padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0[1] }.joined(separator: "\n")
            }
        }
    }
}
