import Foundation
import Harness

/// Draws a run's progress on standard error when it is a terminal: one line, redrawn at most
/// five times a second, cleared at the end. Silent when standard error is not a terminal
/// (CI logs, pipes) or with `--quiet`.
final class ProgressBar {
    private let enabled: Bool
    var label: String
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastDrawn: UInt64 = 0
    private var drawn = false

    init(quiet: Bool, label: String = "") {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        self.label = label
    }

    var wallSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    func update(_ p: RunProgress) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDrawn >= 200_000_000 || p.fraction >= 1 else { return }
        lastDrawn = now
        let line = ProgressLine.text(p, wallSeconds: wallSeconds, label: label)
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
        drawn = true
    }

    /// Clears the bar so what follows starts on a clean line.
    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        drawn = false
    }
}
