// The interactive REPL: `In [n]:` prompts, continuation lines, echoed values, Ctrl-C, walkthroughs.
import Foundation
import Notebooks

/// A notebook being stepped through with Enter (`%load FILE.lnb`, or `lorarepl FILE.lnb`).
struct Walkthrough {
    var file: String
    var notebook: Notebook
    var next = 0
    var announced = -1

    var cells: [CodeCell] { notebook.cells }
    var nextCell: CodeCell? { next < cells.count ? cells[next] : nil }
}

final class REPL {
    var engine: CellEngine
    let editor: LineEditor?
    /// The number of the next code cell (`In [n]`); magics and help do not use numbers.
    var counter = 1
    var recorder = SessionRecorder(seed: 42)
    var walkthrough: Walkthrough?
    var running = true

    init(editor: LineEditor?) {
        engine = EngineFactory.makeEngine()
        self.editor = editor
        configureEngine()
    }

    func configureEngine() {
        engine.mode = .interactive
        engine.onOutput = { Console.say($0) }
        (engine as? LangCellEngine)?.showsLiveProgress = true
    }

    /// Starts the REPL on the terminal; `file` starts a walkthrough of that notebook.
    static func main(walkthrough file: String?) -> Int32 {
        let files = HistoryFiles.forCurrentFolder()
        guard let editor = LineEditor(history: files.load, alsoSaveTo: files.alsoSave) else {
            Console.sayError("error: could not start the line editor (libedit)")
            return ExitCode.error
        }
        InterruptForwarder.install()
        InterruptKey.takeOver()
        defer { InterruptKey.restore() }
        let repl = REPL(editor: editor)
        editor.complete = { [unowned repl] before in repl.completions(before) }
        Console.say("lorarepl \(lorareplVersion) · Python-style cells for LoRA fine-tuning\n"
                    + "Type code and press Enter (a blank line ends a block). ?name for help, %magic for magics, Ctrl-D to quit.\n\n")
        if let file { repl.load(file) }
        repl.loop()
        return ExitCode.ok
    }

    var prompt: String { "In [\(counter)]: " }
    var continuationPrompt: String { String(repeating: " ", count: max(0, prompt.count - 5)) + "...: " }

    func loop() {
        guard let editor else { return }
        while running {
            announceWalkthroughCell()
            switch editor.readLine(prompt: prompt) {
            case .endOfInput:
                Console.say("\n")
                return
            case .interrupted:
                continue
            case .line(let first):
                let trimmed = first.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    if walkthrough?.nextCell != nil { runWalkthroughCell() }
                    continue
                }
                if trimmed.hasPrefix("%") {
                    editor.remember(first)
                    runMagic(trimmed)
                    if !trimmed.hasPrefix("%time") && !trimmed.hasPrefix("%restart") && !trimmed.hasPrefix("%next") { Console.say("\n") }
                    continue
                }
                if let name = helpTarget(trimmed) { editor.remember(first); showHelp(name); Console.say("\n"); continue }
                // A cell recalled from history (↑) comes back whole, newlines included: it ran before, so it
                // runs on Enter unless it is still open (a bracket, a string, a trailing `:`).
                let recalled = first.contains("\n")
                var lines = first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                var cancelled = false
                continuation: while recalled ? CellInput.isOpen(lines.joined(separator: "\n"))
                                            : CellInput.needsMoreLines(lines.joined(separator: "\n")) {
                    let indent = CellInput.autoIndent(after: lines.last ?? "")
                    switch editor.readLine(prompt: continuationPrompt, indent: indent) {
                    case .line(let more): lines.append(CellInput.keepTypedIndent(more, autoIndent: indent))
                    case .interrupted: cancelled = true; break continuation
                    case .endOfInput: Console.say("\n"); break continuation  // Ctrl-D inside a block runs what was typed
                    }
                }
                // Whitespace-only lines that ended a block are not part of the cell.
                while let last = lines.last, lines.count > 1, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
                let source = lines.joined(separator: "\n")
                editor.remember(source)
                if cancelled { continue }
                runCell(source)
            }
        }
    }

    /// `?name`, `??name` or `name?` → the name, else nil.
    func helpTarget(_ line: String) -> String? {
        var text = Substring(line)
        if text.hasPrefix("?") { text = text.drop(while: { $0 == "?" }) }
        else if text.hasSuffix("?") { text = text.dropLast(text.reversed().prefix(while: { $0 == "?" }).count) }
        else { return nil }
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        return name
    }

    func showHelp(_ name: String) {
        if let text = engine.help(name) { Console.say(text.hasSuffix("\n") ? text : text + "\n") }
        else { Console.sayError("no help for '\(name)': it is not a built-in or a variable of this session") }
    }

    // MARK: - Running cells

    /// Runs a cell, echoes its value and error, records it for `%save`. Returns the outcome.
    @discardableResult
    func runCell(_ source: String, id: String? = nil, seedFrom notebookSeed: UInt64? = nil, origin: String? = nil) -> CellOutcome {
        let number = counter
        counter += 1
        let cellID = id ?? SessionRecorder.cellID(number)
        let seed = CellSeed.derive(notebookSeed: notebookSeed ?? recorder.seed, cellID: cellID)
        let engine = self.engine
        // Ctrl-C asks the cell to stop at its next safe point; a second one within a second quits
        // (for code stuck where it cannot be interrupted).
        var lastInterrupt: Date? = nil
        var pressedCtrlC = false
        let execution = InterruptForwarder.whileRunning(onInterrupt: {
            if let last = lastInterrupt, Date().timeIntervalSince(last) < 1 {
                Console.sayError("\nsecond Ctrl-C: quitting lorarepl (the session is lost)")
                exit(130)
            }
            lastInterrupt = Date()
            pressedCtrlC = true
            engine.interrupt()
        }) {
            NotebookRunner.runCell(engine: engine, source: source, origin: origin ?? "[\(number)]", seed: seed, timeout: nil)
        }
        var outcome = CellOutcome(error: "error: the cell did not finish")
        var seconds = 0.0
        if case .ran(let result, let elapsed) = execution { outcome = result; seconds = elapsed }
        if !outcome.output.isEmpty && !outcome.output.hasSuffix("\n") { Console.say("\n") }
        let lastLine = source.split(separator: "\n").last.map(String.init) ?? ""
        let silenced = CellInput.stripComment(lastLine).trimmingCharacters(in: .whitespaces).hasSuffix(";")
        if let value = outcome.value, !silenced {
            Console.say(value.contains("\n") ? "Out[\(number)]:\n\(value)\n" : "Out[\(number)]: \(value)\n")
        }
        if let error = outcome.error { Console.sayError(error) }
        // Said once: a KeyboardInterrupt's own help line already says the variables are kept.
        if outcome.interrupted && !(outcome.error ?? "").contains("variables are kept") {
            Console.sayError("interrupted: the cell stopped early; the session and its variables are kept")
        }
        // Code that catches the KeyboardInterrupt (`Trainer.train()` stops at a step and returns) still ran a part
        // that depends on when Ctrl-C came: `%save` leaves the cell out as an interrupted one.
        if pressedCtrlC { outcome.interrupted = true }
        recorder.record(number: number, id: cellID, source: source, outcome: outcome)
        if seconds >= 2 { Console.say(String(format: "[%d] %.1f s\n", number, seconds)) }
        Console.say("\n")
        return outcome
    }

    // MARK: - Walkthrough

    func load(_ file: String) {
        switch NotebookCommands.readNotebook(file) {
        case .failure(let error): Console.sayError("\(error)")
        case .success(let r):
            walkthrough = Walkthrough(file: file, notebook: r.notebook)
            recorder.seed = r.notebook.header.seed
            Console.say("Loaded \(file): \(r.notebook.cells.count) cells, seed \(r.notebook.header.seed). Press Enter to run the next cell; %skip skips it, %stop ends the walkthrough.\n")
        }
    }

    func announceWalkthroughCell() {
        guard var w = walkthrough else { return }
        guard let cell = w.nextCell else {
            Console.say("End of \(w.file). The session goes on; %save FILE.lnb keeps it.\n\n")
            walkthrough = nil
            return
        }
        if w.announced == w.next { return }
        w.announced = w.next
        walkthrough = w
        var text = "── cell \(cell.id) (\(w.file):\(cell.line)) \(w.next + 1)/\(w.cells.count)\(cell.skip ? " [skip]" : "") ──\n"
        text += cell.source.split(separator: "\n", omittingEmptySubsequences: false).map { "  │ " + $0 }.joined(separator: "\n") + "\n"
        Console.say(text)
    }

    func runWalkthroughCell() {
        guard var w = walkthrough, let cell = w.nextCell else { return }
        w.next += 1
        walkthrough = w
        let outcome = runCell(cell.source, id: cell.id, seedFrom: w.notebook.header.seed,
                              origin: "\(URL(fileURLWithPath: w.file).lastPathComponent):cell \(cell.id)")
        // Compare with what the notebook recorded.
        let recordedOutput = w.notebook.recorded(.output, of: cell.id)
        let recordedError = w.notebook.recorded(.error, of: cell.id)
        guard recordedOutput != nil || recordedError != nil, cell.check != .ignore, !outcome.interrupted else { return }
        let sanitizer = w.notebook.header.sanitize ? Sanitizer.standard() : Sanitizer.none
        let output = OutputComparator.compare(expected: recordedOutput?.body ?? "", actual: outcome.recordedOutput,
                                              mode: cell.check, relativeTolerance: cell.relativeTolerance, sanitizer: sanitizer)
        let error = OutputComparator.compare(expected: recordedError?.body ?? "", actual: outcome.error ?? "", mode: .exact, sanitizer: sanitizer)
        if output.matches && error.matches {
            Console.say("✓ matches the recorded output\n\n")
        } else {
            var text = "✗ differs from the recorded output:\n"
            if !output.matches { text += UnifiedDiff.diff(output.expected, output.actual) + "\n" }
            if !error.matches { text += UnifiedDiff.diff(error.expected, error.actual) + "\n" }
            Console.say(text + "\n")
        }
    }

    // MARK: - Completion

    func completions(_ before: String) -> (candidates: [String], replacing: Int) {
        let context = CompletionContext.analyze(before)
        switch context {
        case .magic(let prefix):
            return (Magics.all.map { "%" + $0.name }.filter { $0.hasPrefix(prefix) }, prefix.count)
        case .path(let prefix):
            return (PathCompletion.candidates(prefix), prefix.count)
        case .importName(let module, let prefix):
            let names = engine.completions(of: module + "." + prefix).map { String($0.dropFirst(module.count + 1)) }
            return (names, prefix.count)
        case .keyword(let callee, let prefix):
            let keywords = engine.keywordArguments(of: callee).filter { $0.hasPrefix(prefix) }.map { $0 + "=" }
            let names = prefix.isEmpty ? [] : engine.completions(of: prefix)
            return (keywords + names, prefix.count)
        case .expression(let prefix):
            guard !prefix.isEmpty else { return ([], 0) }
            return (engine.completions(of: prefix), prefix.count)
        }
    }
}

/// File names for completion inside string literals.
enum PathCompletion {
    static func candidates(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let directoryPart = slash.map { String(prefix[...$0]) } ?? ""
        let base = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        var directory = directoryPart.isEmpty ? "." : directoryPart
        if directory.hasPrefix("~"), let home = ProcessInfo.processInfo.environment["HOME"] { directory = home + directory.dropFirst() }
        var found = names(in: directory, base: base, shownAs: directoryPart)
        // Relative names are also looked up in $LORAREPL_HOME/data (where the demo data sets live).
        if !directoryPart.hasPrefix("/"), !directoryPart.hasPrefix("~"), let data = dataFolder() {
            let extra = names(in: (data as NSString).appendingPathComponent(directoryPart.isEmpty ? "." : directoryPart),
                              base: base, shownAs: directoryPart)
            found += extra.filter { !found.contains($0) }
        }
        return found
    }

    /// `$LORAREPL_HOME/data` (default `~/.cache/lorarepl/data`), when it exists.
    static func dataFolder() -> String? {
        let env = ProcessInfo.processInfo.environment
        guard let home = env["LORAREPL_HOME"].flatMap({ $0.isEmpty ? nil : $0 }) ?? env["HOME"].map({ $0 + "/.cache/lorarepl" }) else { return nil }
        let data = home + "/data"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), isDirectory.boolValue,
              URL(fileURLWithPath: data).standardized.path != URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardized.path
        else { return nil }
        return data
    }

    static func names(in directory: String, base: String, shownAs directoryPart: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return directoryPart + name + (isDirectory.boolValue ? "/" : "")
        }
    }
}
