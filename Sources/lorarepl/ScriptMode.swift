import Foundation
import Lang

/// Script mode of the CLI: `lorarepl -c CODE`, `lorarepl FILE.lora`, code on stdin when stdin is not a
/// terminal, each optionally with `--sandbox DIR`. Output goes to stdout; warnings, notes and
/// diagnostics to stderr; the exit code is 0 on success and 2 on any error (syntax, runtime, bad usage).
enum ScriptMode {
    /// Registers the other layers' tables (the ML bindings) on a fresh interpreter.
    static func configure(_ interpreter: Interpreter) { BindingsGlue.prepare(interpreter) }

    /// Handle `arguments` if they ask for script mode; returns the exit code, or nil when the
    /// arguments are for another mode (REPL, notebook commands).
    static func runIfRequested(_ arguments: [String]) -> Int32? {
        var rest = arguments
        var sandbox: URL?
        if let i = rest.firstIndex(of: "--sandbox") {
            guard i + 1 < rest.count else { return usage("--sandbox needs a directory") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: rest[i + 1], isDirectory: &isDirectory), isDirectory.boolValue else {
                return usage("--sandbox: '\(rest[i + 1])' is not a directory")
            }
            sandbox = URL(fileURLWithPath: rest[i + 1])
            rest.removeSubrange(i...(i + 1))
        }
        let source: String
        let origin: String
        var scriptArguments = [""]
        if rest.first == "-c" {
            guard rest.count >= 2 else { return usage("-c needs the code to run") }
            source = rest[1]
            origin = "<string>"
            scriptArguments = ["-c"] + rest.dropFirst(2)
        } else if let path = rest.first, path.hasSuffix(".lora") || path.hasSuffix(".py") {
            guard let data = FileManager.default.contents(atPath: path) else {
                return fail("error: cannot read '\(path)': no such file")
            }
            source = String(decoding: data, as: UTF8.self)
            origin = path
            scriptArguments = Array(rest)
        } else if rest.isEmpty && isatty(STDIN_FILENO) == 0 {
            source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            origin = "<stdin>"
            scriptArguments = ["-"]
        } else {
            return nil
        }
        let files = FileGate(sandbox: sandbox, readOnlyRoots: FileGate.modelCacheRoots)
        let interpreter = Interpreter(session: Session(output: StandardOutput(), errors: StandardError(), files: files))
        configure(interpreter)
        interpreter.setScriptArguments(scriptArguments)
        // Under mpirun, Ctrl-C reaches the ranks as SIGTERM from mpirun (and `kill -USR1 <mpirun pid>` is
        // forwarded as SIGUSR1): both stop training at the next step boundary like Ctrl-C (docs/distributed.md).
        let stopSignals = DistributedLaunch.launch == nil ? [SIGINT] : [SIGINT, SIGTERM, SIGUSR1]
        let previous = stopSignals.map { signal($0) { _ in ScriptMode.interruptRequested = true } }
        defer { for (number, handler) in zip(stopSignals, previous) { signal(number, handler) } }
        let watcher = InterruptWatcher(interpreter: interpreter)
        watcher.start()
        let result = interpreter.run(source, origin: origin)
        watcher.stop()
        if result.diagnostics.isEmpty { return 0 }
        if let error = result.error, let exit = SysModule.exitStatus(error) {
            // sys.exit(): its code, and its message (if any) on stderr, as Python does.
            if let message = exit.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            return exit.code
        }
        return fail(DiagnosticRenderer.render(result.diagnostics))
    }

    nonisolated(unsafe) static var interruptRequested = false

    private static func usage(_ message: String) -> Int32 {
        fail("error: \(message)\nusage: lorarepl [--sandbox DIR] (-c CODE | FILE.lora [ARGS...] | < script)")
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return 2
    }
}

/// Forwards Ctrl-C (noted by the signal handler) to the interpreter's thread-safe interrupt flag.
private final class InterruptWatcher {
    let interpreter: Interpreter
    private var timer: DispatchSourceTimer?

    init(interpreter: Interpreter) { self.interpreter = interpreter }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        timer.schedule(deadline: .now(), repeating: .milliseconds(50))
        timer.setEventHandler { [interpreter] in
            if ScriptMode.interruptRequested {
                ScriptMode.interruptRequested = false
                interpreter.requestInterrupt()
            }
        }
        timer.resume()
        self.timer = timer
    }

    func stop() { timer?.cancel() }
}
