import Foundation

/// The training progress line: `step/total`, loss, learning rate, speed and time left.
///
/// * `.terminal`: one line redrawn in place with `\r` (throttled to ~10 redraws a second).
/// * `.plain`: a full line every `every` steps and at the end (logs, pipes, CI).
/// * `.recording`: like `.plain`, but speed and times are the placeholders `{{rate≈4.21 it/s}}` and
///   `{{duration≈00:54}}`: notebook comparisons ignore the measured value after `≈`, exported pages show it.
public final class ProgressReporter {
    public enum Mode: Equatable {
        case terminal
        case plain(every: Int)
        case recording(every: Int)
    }

    public let total: Int
    public let mode: Mode
    private let write: (String) -> Void
    /// Where whole lines (`message`) go: `write` unless the bar has its own stream (stderr in scripts).
    private let lines: (String) -> Void
    private let clock: () -> Double
    private let startTime: Double
    private var startStep = 0
    private var lastDraw = -Double.infinity
    private var lineIsOpen = false
    private var lastStep = 0
    /// The last step's loss and learning rate, to draw the bar again under log lines.
    private var lastLoss: Double?
    private var lastLearningRate: Double?
    /// REPL sinks (`attachLive`): terminal frames shown only, notebook lines recorded only.
    private var display: ((String) -> Void)?
    private var recorded: ((String) -> Void)?
    private var recordEvery = 1

    /// Sends this terminal reporter's redrawn frames to `display` (shown, not recorded) and, every
    /// `every` steps and at the end, the notebook form of the line to `recorded` (recorded, not shown).
    public func attachLive(display: @escaping (String) -> Void, recorded: @escaping (String) -> Void, every: Int) {
        self.display = display
        self.recorded = recorded
        recordEvery = max(1, every)
    }

    private func show(_ text: String) { (display ?? write)(text) }

    /// `write` receives the bar's text to print as is (newlines included); `lines` the whole lines printed
    /// between bars (log dicts), `write` when nil: in a script, tqdm's bar goes to stderr and the logs to
    /// stdout. `clock` returns seconds.
    public init(total: Int, mode: Mode, write: @escaping (String) -> Void, lines: ((String) -> Void)? = nil,
                clock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.total = max(0, total)
        self.mode = mode
        self.write = write
        self.lines = lines ?? write
        self.clock = clock
        self.startTime = clock()
    }

    /// A reporter on stdout, redrawing in place when stdout is a terminal; `recording` for notebooks.
    public static func standardOutput(total: Int, recording: Bool = false) -> ProgressReporter {
        let every = max(1, total / 10)
        let mode: Mode = recording ? .recording(every: every) : (isatty(STDOUT_FILENO) != 0 ? .terminal : .plain(every: every))
        return ProgressReporter(total: total, mode: mode, write: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        })
    }

    /// Starts counting speed from `step` (after resuming from a checkpoint).
    public func resume(fromStep step: Int) { startStep = step; lastStep = step }

    /// Reports that `step` optimizer steps are done.
    public func update(step: Int, loss: Double?, learningRate: Double?) {
        lastStep = step
        lastLoss = loss
        lastLearningRate = learningRate
        let finished = step >= total
        switch mode {
        case .terminal:
            let now = clock()
            if let recorded, step % recordEvery == 0 || finished {
                recorded(line(step: step, loss: loss, learningRate: learningRate, placeholders: true) + "\n")
            }
            // Throttled to ~10 redraws a second, except when a log line has just cleared the bar.
            guard finished || !lineIsOpen || now - lastDraw >= 0.1 else { return }
            lastDraw = now
            show("\r" + line(step: step, loss: loss, learningRate: learningRate, placeholders: false) + "\u{1B}[K")
            lineIsOpen = true
        case .plain(let every), .recording(let every):
            guard step % max(1, every) == 0 || finished else { return }
            write(line(step: step, loss: loss, learningRate: learningRate, placeholders: isRecording) + "\n")
        }
    }

    /// Prints a whole line (e.g. a log dict) without breaking the progress line: the bar is cleared and
    /// the line printed; `redraw()` (or the next `update`, unthrottled) puts the bar back under it.
    public func message(_ text: String) {
        if lineIsOpen { show("\r\u{1B}[K"); lineIsOpen = false }
        lines(text + "\n")
    }

    /// On a terminal, draws the bar again after log lines cleared it (the Trainer calls this after each
    /// step's logs, so with `logging_steps=1` the bar shows while the next step runs).
    public func redraw() {
        guard mode == .terminal, !lineIsOpen, lastStep > startStep, lastStep < total else { return }
        show("\r" + line(step: lastStep, loss: lastLoss, learningRate: lastLearningRate, placeholders: false) + "\u{1B}[K")
        lastDraw = clock()
        lineIsOpen = true
    }

    /// Ends the progress line.
    public func finish() {
        if lineIsOpen { show("\n"); lineIsOpen = false }
    }

    /// A closing line for the person at the terminal (steps, time, speed, best checkpoint). Shown on a
    /// terminal only: pipes, logs and notebook recordings keep Hugging Face's lines unchanged.
    public func summary(_ text: String) {
        guard mode == .terminal else { return }
        finish()
        show(text + "\n")
    }

    private var isRecording: Bool { if case .recording = mode { return true }; return false }

    /// `  12/240 [##----------]   5% | loss 0.6928 | lr 0.0003333 | 4.21 it/s | ETA 00:54`.
    public func line(step: Int, loss: Double?, learningRate: Double?, placeholders: Bool) -> String {
        let width = String(total).count
        let padded = String(repeating: " ", count: max(0, width - String(step).count)) + String(step)
        let fraction = total > 0 ? min(1, Double(step) / Double(total)) : 1
        let filled = Int(exactly: (fraction * 20).rounded(.down)) ?? 0
        var text = "\(padded)/\(total) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "] "
        text += String(format: "%3d%%", Int(exactly: (fraction * 100).rounded(.down)) ?? 0)
        if let loss { text += " | loss " + PythonFormat.general(loss, significantDigits: 4) }
        if let learningRate { text += " | lr " + PythonFormat.general(learningRate, significantDigits: 4) }
        let elapsed = max(0, clock() - startTime)
        let done = step - startStep
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let speed = rate > 0 ? String(format: rate >= 1 ? "%.2f it/s" : "%.2f s/it", rate >= 1 ? rate : 1 / rate) : nil
        let time = step >= total ? Self.clockText(elapsed) : (rate > 0 ? Self.clockText(Double(total - step) / rate) : "?")
        if placeholders {
            // What was measured stays inside the placeholder, for exported pages; comparisons ignore it.
            text += " | " + (speed.map { "{{rate≈\($0)}}" } ?? "{{rate}}") + " | " + (step >= total ? "" : "ETA ")
            text += time == "?" ? "{{duration}}" : "{{duration≈\(time)}}"
            return text
        }
        text += " | " + (speed ?? "? it/s")
        text += " | " + (step >= total ? time : "ETA " + time)
        return text
    }

    /// `MM:SS`, or `H:MM:SS` from an hour on (tqdm's style).
    public static func clockText(_ seconds: Double) -> String {
        // A rate near zero gives an absurd time left: show "?" rather than converting an infinity.
        guard seconds.isFinite, seconds >= 0, let s = Int(exactly: seconds.rounded()), s < 360_000_000 else { return "?" }
        let h = s / 3600, m = (s % 3600) / 60, sec = s % 60
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, sec) : String(format: "%02d:%02d", m, sec)
    }
}
