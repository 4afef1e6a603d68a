import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    private let title: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(_ title: String) {
        self.title = title
        self.enabled = isatty(STDERR_FILENO) != 0
    }

    /// Redraws with `done` of `total` units and an optional note, at most ten times a second.
    func update(_ done: Int, of total: Int, note: String = "") {
        guard enabled, total > 0 else { return }
        let now = Date()
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
