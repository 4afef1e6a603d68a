import Foundation

/// Ctrl-C (SIGINT) for long commands: outside a write it stops the program at once (the work in
/// progress was never stored, so it is as if it had not started); inside a write (`deferring`)
/// it waits for the transaction to commit or roll back first. Either way it prints the
/// command's resume line and exits with status 130; a second Ctrl-C stops at once.
public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var requested = false
    nonisolated(unsafe) private static var criticalDepth = 0
    nonisolated(unsafe) private static var resumeLine = ""
    nonisolated(unsafe) private static var source: (any DispatchSourceSignal)?

    /// Handles SIGINT from now on; `resumeLine` is printed on standard error when it stops.
    public static func install(resumeLine line: String) {
        lock.lock()
        resumeLine = line
        let installed = source != nil
        lock.unlock()
        guard !installed else { return }
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "salience.interruption"))
        signalSource.setEventHandler { handleSignal() }
        signalSource.resume()
        lock.lock()
        source = signalSource
        lock.unlock()
    }

    /// Runs `body` (a database write) so that Ctrl-C waits until it has finished.
    public static func deferring<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        criticalDepth += 1
        lock.unlock()
        defer {
            lock.lock()
            criticalDepth -= 1
            let stopNow = criticalDepth == 0 && requested
            lock.unlock()
            if stopNow { stop() }
        }
        return try body()
    }

    private static func handleSignal() {
        lock.lock()
        let second = requested
        requested = true
        let stopNow = second || criticalDepth == 0
        lock.unlock()
        if stopNow { stop() }
    }

    /// Prints the resume line and exits with 130 without running exit handlers (other threads may still be computing).
    private static func stop() -> Never {
        lock.lock()
        let line = "\ninterrupted: " + resumeLine + "\n"
        lock.unlock()
        FileHandle.standardError.write(Data(line.utf8))
        _exit(130)
    }
}
