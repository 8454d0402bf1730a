import Foundation
import PythonBasics
import Synchronization

/// Everything one running program owns besides its variables: where its two output streams go, its
/// file gate and working folder, its interrupt flag, its recording mode, its random streams and
/// seeds, and (through typed extension storage) the state other layers keep per program, such as
/// the ML bindings' tensor generator and training stop flag.
///
/// Each interpreter has exactly one session (`Interpreter.session`); a notebook runner or REPL makes
/// a new interpreter, and with it a new session, for every notebook it runs. Nothing in a session is
/// shared with another session, so two notebooks can run in one process, even interleaved cell by
/// cell, and each gives what it gives alone.
///
///     let session = Session(output: capture.standardOutput, errors: capture.standardError)
///     let interpreter = Interpreter(session: session)
///     session.seedCell(1234)                         // random module + every participant (tensor RNG, …)
///     session.warn("dataset has 3 empty rows")       // → errors: "warning: dataset has 3 empty rows\n"
///
/// Output streams: `output` is Python's `sys.stdout` (what `print` writes); `errors` is `sys.stderr`,
/// where warnings, notes, `logging` records and `print(..., file=sys.stderr)` go. Script mode sends
/// `errors` to the process's stderr; notebook cells and the REPL capture both streams in the cell's
/// output, in order, with the standard-error lines marked (see `LangCellEngine`). Built-ins write
/// through `CallContext.write(_:)` / `CallContext.writeError(_:)` / `CallContext.warn(_:)`, which count
/// against the output limit; code outside a call writes through the session's methods below.
///
/// Not thread-safe, like the interpreter, except `requestInterrupt()` and `isInterruptRequested`.
public final class Session {
    /// Standard output: where `print` and echoed output go. Swap it between runs if needed.
    public var output: OutputSink
    /// Standard error: warnings, notes and log records. When the session was made without one, the
    /// process's stderr if `output` is the process's stdout, else the same object as `output`
    /// (everything lands in one captured stream, as with `2>&1`).
    public var errors: OutputSink
    /// The gate every file access goes through (sandbox policy and the working folder).
    public let files: FileGate
    /// True while a notebook is recorded or tested: volatile values (durations, rates, sizes, paths)
    /// are printed as placeholders and progress output has no `\r` frames.
    public var isRecording = false
    /// Set by the REPL: a sink shown on the terminal but not recorded (a progress bar redrawn in place),
    /// and one recorded but not shown (the same progress in the notebook form a replay prints). With
    /// both, `%save` records exactly what `lorarepl test` will print while the terminal stays live.
    public var liveDisplay: OutputSink?
    public var recordedOnly: OutputSink?

    /// The language's `random` module (CPython's Mersenne Twister).
    var random = MersenneTwister(seed: 0)
    /// The seed of the current notebook/REPL cell, nil before the first seeded cell (scripts).
    public private(set) var cellSeed: UInt64?
    /// `os.environ`: the process environment with this session's assignments on top.
    let environment = EnvironObject()

    private let interruptFlag = Atomic<Bool>(false)
    private var states: [ObjectIdentifier: AnyObject] = [:]
    private var participants: [SessionParticipant] = []

    /// - Parameters:
    ///   - output: standard output (the process's stdout by default).
    ///   - errors: standard error; nil means the process's stderr when `output` is `StandardOutput`,
    ///     else `output` itself (one captured stream).
    ///   - files: the file gate (unrestricted, relative paths from the process's current folder, by default).
    public init(output: OutputSink = StandardOutput(), errors: OutputSink? = nil, files: FileGate = FileGate()) {
        self.output = output
        self.errors = errors ?? (output is StandardOutput ? StandardError() : output)
        self.files = files
    }

    /// The folder relative paths start from (`os.getcwd()`); each session has its own.
    public var workingDirectory: URL {
        get { files.workingDirectory }
        set { files.workingDirectory = newValue }
    }

    // MARK: seeds

    /// Seeds everything random for a notebook or REPL cell: the `random` module (as `random.seed(n)`
    /// with the seed's low 63 bits) and every participant (the ML layer's tensor generator, new
    /// weights, dropout and unseeded shuffles), so a cell gives the same draws whether it is replayed
    /// alone or after others, in this session or beside another one.
    public func seedCell(_ seed: UInt64) {
        cellSeed = seed
        random.seed(Int(seed & 0x7fff_ffff_ffff_ffff))
        for participant in participants { participant.sessionWillRunCell(seed: seed) }
    }

    // MARK: interrupt

    /// Asks the running code to stop: it raises KeyboardInterrupt at the next safe point. Safe to call
    /// from any thread (the REPL's Ctrl-C watcher, a notebook timeout).
    public func requestInterrupt() { interruptFlag.store(true, ordering: .relaxed) }

    /// Whether a stop was requested and not yet taken.
    public var isInterruptRequested: Bool { interruptFlag.load(ordering: .relaxed) }

    /// While above zero, script code does not take an interrupt (a Trainer running a script's
    /// `compute_loss` or `training_step` takes it at the step boundary instead); see `deferringInterrupts`.
    private var interruptDeferrals = 0

    /// Runs `body` (script code the Trainer calls in the middle of a step) without raising KeyboardInterrupt
    /// in it, so a Ctrl-C stops training at the next step boundary and the finished steps stay consistent.
    public func deferringInterrupts<Result>(_ body: () throws -> Result) rethrows -> Result {
        interruptDeferrals += 1
        defer { interruptDeferrals -= 1 }
        return try body()
    }

    /// Returns and clears the interrupt request (none while interrupts are deferred).
    func takeInterrupt() -> Bool {
        guard interruptDeferrals == 0, interruptFlag.load(ordering: .relaxed) else { return false }
        interruptFlag.store(false, ordering: .relaxed)
        return true
    }

    /// Forgets an interrupt requested before a run starts.
    func clearInterrupt() { interruptFlag.store(false, ordering: .relaxed) }

    // MARK: writing outside a call

    /// Writes `text` to standard error (not counted against a run's output limit; built-ins use
    /// `CallContext.writeError` instead).
    public func writeError(_ text: String) { errors.write(text) }

    /// Writes `warning: message` as one line to standard error.
    public func warn(_ message: String) { errors.write("warning: \(message)\n") }

    // MARK: extension storage

    /// The state another layer keeps for this session, made on first use by `Key.makeState(for:)`.
    /// `Lang` knows nothing about it; the ML bindings, for one, keep their seeds, tensor generator and
    /// training stop flag here (`Bindings.state(of:)`). A state that adopts `SessionParticipant` is told
    /// about every cell seed.
    public subscript<Key: SessionStateKey>(_ key: Key.Type) -> Key.State {
        let id = ObjectIdentifier(key)
        if let existing = states[id] as? Key.State { return existing }
        let state = Key.makeState(for: self)
        states[id] = state
        if let participant = state as? SessionParticipant { participants.append(participant) }
        return state
    }
}

/// Names one kind of per-session state kept by a layer above `Lang` (see `Session.subscript`).
public protocol SessionStateKey {
    associatedtype State: AnyObject
    /// A fresh state for `session` (called once per session, on first use).
    static func makeState(for session: Session) -> State
}

/// A per-session state that reseeds its own random streams with each cell.
public protocol SessionParticipant: AnyObject {
    /// Called by `Session.seedCell(_:)` before the cell runs.
    func sessionWillRunCell(seed: UInt64)
}

/// Writes to the process's standard error.
public final class StandardError: OutputSink {
    public init() {}
    public func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
