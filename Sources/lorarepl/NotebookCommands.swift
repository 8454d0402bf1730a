// `lorarepl run | test | check | export`: the notebook commands of the CLI.
import Foundation
import Notebooks
import PythonBasics

/// Exit codes shared by the commands: 0 ok, 1 test mismatch (or stale/missing for `check`), 2 error.
enum ExitCode {
    static let ok: Int32 = 0
    static let mismatch: Int32 = 1
    static let error: Int32 = 2
}

enum NotebookCommands {
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Dispatches `arguments` (without the program name), whose first element is the command.
    static func main(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else { return ExitCode.error }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") { out(usage(command)); return ExitCode.ok }
        switch command {
        case "run": return run(rest)
        case "test": return test(rest)
        case "check": return check(rest)
        case "export": return export(rest)
        default: return ExitCode.error
        }
    }

    static func usage(_ command: String) -> String {
        switch command {
        case "run": return "usage: lorarepl run NB.lnb… [-p KEY=VALUE]… [--timeout SECONDS]\n  Runs each notebook top to bottom in a fresh interpreter and prints every cell's output.\n  -p overrides a header param for this run (`test` never does).\n"
        case "test": return "usage: lorarepl test NB.lnb… [--update] [--junit FILE] [--timeout SECONDS] [-v]\n  Replays each notebook and compares every cell with its recorded output.\n  --update records the outputs instead (rewrites only output/error blocks).\n  -v prints a line per cell (on stderr) as it finishes.\n  Exit: 0 pass, 1 mismatch, 2 error.\n"
        case "check": return "usage: lorarepl check NB.lnb…\n  Without running anything: parse errors, STALE outputs (source changed since recorded), MISSING outputs.\n  Exit: 0 clean, 1 stale or missing, 2 parse error.\n"
        default: return "usage: lorarepl export NB.lnb --to md|html [-o OUT]\n  Writes teaching material: plain Markdown, or one self-contained HTML page with loss curves.\n"
        }
    }

    // MARK: - Argument parsing

    struct Options {
        var files: [String] = []
        var update = false
        var junit: String?
        var timeout: Double?
        var format: String?
        var output: String?
        var parameters: [(String, String)] = []
        var verbose = false
    }

    static func parse(_ arguments: [String], command: String) -> Result<Options, NotebookError> {
        var options = Options()
        var index = 0
        func value(_ flag: String) -> String? {
            if let eq = arguments[index].firstIndex(of: "=") { return String(arguments[index][arguments[index].index(after: eq)...]) }
            index += 1
            return index < arguments.count ? arguments[index] : nil
        }
        while index < arguments.count {
            let argument = arguments[index]
            let flag = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            switch flag {
            case "--update" where command == "test": options.update = true
            case "-v", "--verbose": options.verbose = true
            case "--junit" where command == "test":
                guard let v = value(flag) else { return .failure(NotebookError(line: 0, "--junit needs a file name", help: "e.g. --junit report.xml")) }
                options.junit = v
            case "--timeout" where command == "test" || command == "run":
                guard let v = value(flag), let seconds = Double(v), seconds > 0 else {
                    return .failure(NotebookError(line: 0, "--timeout needs a number of seconds", help: "e.g. --timeout 600"))
                }
                options.timeout = seconds
            case "--to" where command == "export":
                guard let v = value(flag), v == "md" || v == "html" else {
                    return .failure(NotebookError(line: 0, "--to needs md or html", help: "e.g. lorarepl export nb.lnb --to html"))
                }
                options.format = v
            case "-p" where command == "run":
                guard let v = value(flag), let eq = v.firstIndex(of: "="), eq != v.startIndex else {
                    return .failure(NotebookError(line: 0, "-p needs key=value", help: "e.g. lorarepl run nb.lnb -p steps=5"))
                }
                options.parameters.append((String(v[..<eq]), String(v[v.index(after: eq)...])))
            case "-o", "--output":
                guard command == "export", let v = value(flag) else {
                    return .failure(NotebookError(line: 0, "-o needs a file name (export only)", help: "e.g. -o notes.html, or -o - for stdout"))
                }
                options.output = v
            default:
                if argument.hasPrefix("-") && argument != "-" {
                    return .failure(NotebookError(line: 0, "unknown option '\(argument)' for `lorarepl \(command)`",
                                                  help: "see `lorarepl \(command) --help`"))
                }
                options.files.append(argument)
            }
            index += 1
        }
        if options.files.isEmpty {
            return .failure(NotebookError(line: 0, "no notebook given", help: "e.g. lorarepl \(command) notebooks/01-language-tour.lnb"))
        }
        return .success(options)
    }

    static func readNotebook(_ path: String) -> Result<(text: String, notebook: Notebook), NotebookError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(NotebookError(file: path, line: 0, "cannot read the notebook (no such file, or not readable)",
                                          help: "check the path; notebooks end in .lnb"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(NotebookError(file: path, line: 0, "the notebook is not UTF-8 text", help: "save it as UTF-8"))
        }
        do { return .success((text, try NotebookParser.parse(text, file: path))) } catch let error as NotebookError {
            return .failure(error)
        } catch {
            return .failure(NotebookError(file: path, line: 0, "\(error)"))
        }
    }

    // MARK: - run

    static func run(_ arguments: [String]) -> Int32 {
        let options: Options
        switch parse(arguments, command: "run") { case .success(let o): options = o; case .failure(let e): printError("\(e)"); return ExitCode.error }
        var worst = ExitCode.ok
        for file in options.files {
            var notebook: Notebook
            switch readNotebook(file) { case .success(let r): notebook = r.notebook; case .failure(let e): printError("\(e)"); worst = ExitCode.error; continue }
            for (key, value) in options.parameters { notebook.overrideParameter(key, value) }
            let runner = NotebookRunner(defaultTimeout: options.timeout) {
                let engine = EngineFactory.makeEngine()
                engine.onOutput = { out($0) }
                return engine
            }
            let result = runner.run(notebook, file: file, mode: .interactive) { cell, execution in
                switch execution {
                case .ran(let outcome, _):
                    if let value = outcome.value { out(value + "\n") }
                    if let error = outcome.error { printError(error) }
                case .timedOut(_, let limit):
                    printError("error: cell '\(cell.id)' (\(file):\(cell.line)) ran longer than its timeout of \(limit) s and was interrupted")
                case .skipped, .notRun: break
                }
            }
            if let stopped = result.stoppedAt {
                printError("\(file): stopped at cell '\(stopped)'; not run: \(result.notRun.isEmpty ? "(none)" : result.notRun.joined(separator: ", "))")
                worst = ExitCode.error
            }
        }
        return worst
    }

    // MARK: - test

    static func test(_ arguments: [String]) -> Int32 {
        // A stable environment for replays (as cram does): UTC dates, C locale, no colour, 80 columns.
        for (name, value) in [("TZ", "UTC"), ("LC_ALL", "C"), ("NO_COLOR", "1"), ("COLUMNS", "80")] { setenv(name, value, 1) }
        let options: Options
        switch parse(arguments, command: "test") { case .success(let o): options = o; case .failure(let e): printError("\(e)"); return ExitCode.error }
        var reports: [NotebookReport] = []
        for file in options.files {
            let text: String
            switch readNotebook(file) {
            case .success(let r): text = r.text
            case .failure(let e):
                printError("\(e)")
                reports.append(NotebookReport(file: file, cells: [], fileError: "\(e)"))
                continue
            }
            var tester = NotebookTester(runner: NotebookRunner(defaultTimeout: options.timeout) { EngineFactory.makeEngine() },
                                        update: options.update)
            if options.verbose {
                tester.onCell = { cell, execution in
                    switch execution {
                    case .ran(let outcome, let seconds):
                        let verb = outcome.error == nil ? "ran" : "raised"
                        printError("  \(file):\(cell.line) cell \(cell.id): \(verb) in \(String(format: "%.2f", seconds)) s")
                    case .skipped: printError("  \(file):\(cell.line) cell \(cell.id): skipped")
                    case .timedOut(_, let limit): printError("  \(file):\(cell.line) cell \(cell.id): timed out after \(limit) s")
                    case .notRun: break
                    }
                }
            }
            let report = tester.test(text: text, file: file)
            reports.append(report)
            printReport(report)
            if options.update, let updated = report.updatedText, updated != text {
                do {
                    try AtomicFile.write(updated, to: file)
                    out("\(file): recorded outputs written\n")
                } catch {
                    printError("error: could not write \(file): \(error)")
                    reports[reports.count - 1].fileError = "could not write: \(error)"
                }
            }
        }
        if let junit = options.junit {
            do { try AtomicFile.write(JUnitReport.xml(reports), to: junit) } catch {
                printError("error: could not write the JUnit report \(junit): \(error)")
                return ExitCode.error
            }
        }
        let code = reports.map(\.exitCode).max() ?? ExitCode.ok
        let passed = reports.filter { $0.exitCode == 0 }.count
        out("\(passed) of \(reports.count) notebook\(reports.count == 1 ? "" : "s") passed\n")
        return code
    }

    static func printReport(_ report: NotebookReport) {
        if let fileError = report.fileError { printError("FAIL \(report.file)\n\(fileError)"); return }
        for cell in report.cells {
            switch cell.verdict {
            case .failed(let detail): out("FAIL \(report.file):\(cell.line) cell \(cell.cellID)\n\(indent(detail))\n")
            case .errored(let detail): out("ERROR \(report.file):\(cell.line) cell \(cell.cellID)\n\(indent(detail))\n")
            default: break
            }
        }
        let notRun = report.cells.filter { $0.verdict == .notRun }.map(\.cellID)
        if !notRun.isEmpty { out("  not run: \(notRun.joined(separator: ", "))\n") }
        let skipped = report.cells.filter { $0.verdict == .skipped }.count
        let status = report.exitCode == 0 ? "PASS" : (report.exitCode == 1 ? "FAIL" : "ERROR")
        out("\(status) \(report.file) (\(report.passed)/\(report.cells.count) cells passed\(skipped > 0 ? ", \(skipped) skipped" : ""))\n")
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    // MARK: - check

    static func check(_ arguments: [String]) -> Int32 {
        let options: Options
        switch parse(arguments, command: "check") { case .success(let o): options = o; case .failure(let e): printError("\(e)"); return ExitCode.error }
        var worst = ExitCode.ok
        for file in options.files {
            switch readNotebook(file) {
            case .failure(let e): printError("\(e)"); worst = ExitCode.error
            case .success(let r):
                let findings = StaleCheck.check(r.notebook)
                for finding in findings {
                    out("\(finding.kind.rawValue) \(file):\(finding.line) cell \(finding.cellID): \(finding.message)\n")
                }
                if findings.isEmpty {
                    out("OK \(file) (\(r.notebook.cells.count) cells, outputs up to date)\n")
                } else {
                    out("  help: run `lorarepl test --update \(file)` to re-record\n")
                    worst = max(worst, ExitCode.mismatch)
                }
            }
        }
        return worst
    }

    // MARK: - export

    static func export(_ arguments: [String]) -> Int32 {
        let options: Options
        switch parse(arguments, command: "export") { case .success(let o): options = o; case .failure(let e): printError("\(e)"); return ExitCode.error }
        guard let format = options.format else {
            printError("error: export needs --to md or --to html\n  help: e.g. lorarepl export nb.lnb --to html")
            return ExitCode.error
        }
        guard options.files.count == 1 || options.output == nil else {
            printError("error: -o takes one notebook at a time"); return ExitCode.error
        }
        var worst = ExitCode.ok
        for file in options.files {
            let notebook: Notebook
            switch readNotebook(file) { case .success(let r): notebook = r.notebook; case .failure(let e): printError("\(e)"); worst = ExitCode.error; continue }
            let stale = StaleCheck.check(notebook).filter { $0.kind == .stale }
            if !stale.isEmpty {
                printError("warning: \(file) has stale outputs (cells \(stale.map(\.cellID).joined(separator: ", "))); the export shows them as recorded\n  help: run `lorarepl test --update \(file)` first")
            }
            let base = URL(fileURLWithPath: file).deletingPathExtension()
            let text = format == "md" ? NotebookExporter.markdown(notebook)
                : NotebookExporter.html(notebook, title: base.lastPathComponent)
            let destination = options.output ?? base.path + "." + format
            if destination == "-" { out(text); continue }
            do {
                try AtomicFile.write(text, to: destination)
                out("wrote \(destination)\n")
            } catch {
                printError("error: could not write \(destination): \(error)"); worst = ExitCode.error
            }
        }
        return worst
    }
}

extension AtomicFile {
    /// Writes a notebook, export or report atomically (`PythonBasics.AtomicFile`, flushed to disk).
    static func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(text, to: URL(fileURLWithPath: path))
        } catch let failure as AtomicWriteError {
            throw NotebookError(file: path, line: 0, "\(failure.step) failed: \(failure.reason)",
                                help: "check that the folder exists and is writable")
        }
    }
}
