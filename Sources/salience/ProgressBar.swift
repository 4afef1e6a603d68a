import Foundation

/// A one-line progress bar on standard error when it is a terminal; otherwise a plain line
/// every 30 seconds, so long runs (BERT fine-tuning) show signs of life in logs too.
final class ProgressBar {
    private let title: String
    private let enabled: Bool
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var lastLine = Date()
    private var phase: Int?

    init(_ title: String) {
        self.title = title
        self.enabled = isatty(STDERR_FILENO) != 0
    }

    /// Redraws with `done` of `total` units and an optional note, at most ten times a second.
    /// A new `epoch` (or other phase number) restarts the rate's clock.
    func update(_ done: Int, of total: Int, note: String = "", epoch: Int? = nil) {
        guard total > 0 else { return }
        let now = Date()
        if let epoch, epoch != phase {
            phase = epoch
            start = now
        }
        guard enabled else {
            if now.timeIntervalSince(lastLine) >= 30 {
                lastLine = now
                let elapsed = now.timeIntervalSince(start)
                FileHandle.standardError.write(Data("\(title): \(done)/\(total) \(fixed(elapsed > 0 ? Double(done) / elapsed : 0, 0))/s \(note)\n".utf8))
            }
            return
        }
        guard done >= total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let line = "\r\(title) \(bar) \(done)/\(total) \(fixed(rate, 0))/s \(note)"
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    /// Ends the bar's line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
