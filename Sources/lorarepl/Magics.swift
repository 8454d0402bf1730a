// The REPL's %magics.
import Foundation
import Lang
import Notebooks
import PythonBasics
import TensorCore

/// A magic command: name, usage and what it does.
struct Magic {
    let name: String
    let usage: String
    let summary: String
}

enum Magics {
    static let all: [Magic] = [
        Magic(name: "who", usage: "%who", summary: "list the session's variables"),
        Magic(name: "whos", usage: "%whos", summary: "variables with their type and a summary"),
        Magic(name: "reset", usage: "%reset", summary: "forget every variable and the recorded cells"),
        Magic(name: "history", usage: "%history [-n]", summary: "the cells run so far (-n: with numbers)"),
        Magic(name: "time", usage: "%time CODE", summary: "run CODE as a cell and print its wall time"),
        Magic(name: "save", usage: "%save FILE.lnb", summary: "write the cells run so far, with outputs, as a notebook that `lorarepl test` replays"),
        Magic(name: "load", usage: "%load FILE.lnb", summary: "step through a notebook: Enter runs the next cell"),
        Magic(name: "next", usage: "%next", summary: "run the next cell of the loaded notebook (same as Enter)"),
        Magic(name: "skip", usage: "%skip", summary: "skip the next cell of the loaded notebook"),
        Magic(name: "stop", usage: "%stop", summary: "end the walkthrough (the session goes on)"),
        Magic(name: "seed", usage: "%seed [N]", summary: "show or set the session seed (cells get streams derived from it)"),
        Magic(name: "threads", usage: "%threads [N]", summary: "show or set the number of BLAS threads"),
        Magic(name: "mem", usage: "%mem", summary: "memory used by this process (resident, peak)"),
        Magic(name: "limits", usage: "%limits", summary: "the language's limits and the memory one allocation may take (--max-memory)"),
        Magic(name: "export", usage: "%export md|html [FILE]", summary: "export the session as Markdown or HTML"),
        Magic(name: "restart", usage: "%restart", summary: "fresh interpreter, then rerun every recorded cell (Restart & Run All)"),
        Magic(name: "magic", usage: "%magic", summary: "this list"),
    ]
}

extension REPL {
    func runMagic(_ line: String) {
        let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first else { return listMagics() }
        let args = Array(words.dropFirst())
        let rest = line.dropFirst().drop(while: { $0 != " " }).trimmingCharacters(in: .whitespaces)
        switch name {
        case "who":
            let names = engine.variables().map(\.name)
            Console.say(names.isEmpty ? "no variables yet\n" : names.joined(separator: "  ") + "\n")
        case "whos": whos()
        case "reset":
            engine.reset()
            recorder.clear()
            Console.say("session reset: no variables, no recorded cells\n")
        case "history": history(numbered: args.contains("-n"))
        case "time":
            guard !rest.isEmpty else { return usageError("time") }
            let start = Date()
            runCell(rest)
            Console.say(String(format: "Wall time: %.3f s\n", Date().timeIntervalSince(start)))
        case "save":
            guard let file = args.first else { return usageError("save") }
            save(to: file)
        case "load":
            guard let file = args.first else { return usageError("load") }
            load(file)
        case "next":
            if walkthrough?.nextCell != nil { runWalkthroughCell() } else { Console.sayError("no notebook loaded: %load FILE.lnb first") }
        case "skip":
            if var w = walkthrough, let cell = w.nextCell { w.next += 1; walkthrough = w; Console.say("skipped cell \(cell.id)\n") }
            else { Console.sayError("no notebook loaded") }
        case "stop":
            walkthrough = nil
            Console.say("walkthrough ended\n")
        case "seed":
            if let value = args.first {
                guard let seed = UInt64(value) else { return Console.sayError("error: the seed is a whole number ≥ 0, e.g. %seed 42") }
                recorder.seed = seed
                Console.say("seed \(seed) (cells run before keep the outputs of the old seed; %restart replays them with the new one)\n")
            } else {
                Console.say("seed \(recorder.seed)\n")
            }
        case "threads":
            if let value = args.first {
                guard let threads = Int(value), threads >= 1 else { return Console.sayError("error: %threads takes a number ≥ 1") }
                BLAS.threads = threads
            }
            Console.say("BLAS threads: \(BLAS.threads)\n")
        case "mem": Console.say(memoryReport())
        case "limits": Console.say(LimitsReport.text(Limits()))
        case "export":
            guard let format = args.first, format == "md" || format == "html" else { return usageError("export") }
            let file = args.count > 1 ? args[1] : "session.\(format)"
            let notebook = recorder.notebook(title: "lorarepl session", sanitizer: .standard())
            let text = format == "md" ? NotebookExporter.markdown(notebook) : NotebookExporter.html(notebook, title: "lorarepl session")
            do { try AtomicFile.write(text, to: file); Console.say("wrote \(file)\n") } catch {
                Console.sayError("error: could not write \(file): \(error)")
            }
        case "restart": restart()
        case "magic", "magics", "help", "quickref": listMagics()
        default:
            let close = Magics.all.map(\.name).filter { $0.hasPrefix(String(name.prefix(2))) }
            Console.sayError("error: unknown magic %\(name)" + (close.isEmpty ? "" : " (did you mean %\(close[0])?)") + "\n  help: %magic lists them")
        }
    }

    func usageError(_ name: String) {
        let usage = Magics.all.first { $0.name == name }?.usage ?? "%\(name)"
        Console.sayError("usage: \(usage)")
    }

    func listMagics() {
        let width = (Magics.all.map(\.usage.count).max() ?? 0) + 2
        Console.say(Magics.all.map { $0.usage.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n")
                    + "\n?name or name?  help on a built-in or variable\n")
    }

    func whos() {
        let variables = engine.variables()
        guard !variables.isEmpty else { return Console.say("no variables yet\n") }
        let nameWidth = max(8, variables.map(\.name.count).max() ?? 0) + 2
        let typeWidth = max(6, variables.map(\.typeName.count).max() ?? 0) + 2
        var text = "Variable".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            + "Type".padding(toLength: typeWidth, withPad: " ", startingAt: 0) + "Data/Info\n"
        text += String(repeating: "-", count: nameWidth + typeWidth + 9) + "\n"
        for v in variables {
            let summary = v.summary.count > 60 ? String(v.summary.prefix(57)) + "..." : v.summary
            text += v.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                + v.typeName.padding(toLength: typeWidth, withPad: " ", startingAt: 0) + summary + "\n"
        }
        Console.say(text)
    }

    func history(numbered: Bool) {
        for entry in recorder.entries {
            let lines = entry.source.split(separator: "\n", omittingEmptySubsequences: false)
            if numbered {
                let label = "\(entry.number): "
                let pad = String(repeating: " ", count: label.count)
                Console.say(lines.enumerated().map { ($0.offset == 0 ? label : pad) + $0.element }.joined(separator: "\n") + "\n")
            } else {
                Console.say(entry.source + "\n")
            }
        }
    }

    func save(to file: String) {
        guard file.hasSuffix(".lnb") else { return Console.sayError("error: %save writes a notebook: give a name ending in .lnb") }
        let notebook = recorder.notebook(title: nil, sanitizer: .standard(), fileName: URL(fileURLWithPath: file).lastPathComponent)
        let count = notebook.cells.count
        do {
            try AtomicFile.write(NotebookPrinter.print(notebook), to: file)
            let leftOut = recorder.leftOutCells()
            Console.say("saved \(count) cell\(count == 1 ? "" : "s") to \(file); `lorarepl test \(file)` replays it\n")
            if !leftOut.isEmpty {
                Console.say("left out: " + leftOut.map(\.description).joined(separator: "; ") + "\n")
            }
        } catch {
            Console.sayError("error: could not write \(file): \(error)")
        }
    }

    func restart() {
        let entries = recorder.entries.filter { !$0.outcome.interrupted }
        engine = EngineFactory.makeEngine()
        configureEngine()
        recorder.clear()
        Console.say("restarted: fresh interpreter; rerunning \(entries.count) cell\(entries.count == 1 ? "" : "s")\n")
        let savedCounter = counter
        for entry in entries {
            counter = entry.number
            Console.say("In [\(entry.number)]: " + entry.source.replacingOccurrences(of: "\n", with: "\n" + continuationPrompt) + "\n")
            let outcome = runCell(entry.source, id: entry.id)
            if outcome.error != nil && entries.first(where: { $0.number == entry.number })?.outcome.error == nil {
                Console.sayError("stopped: cell \(entry.number) failed on replay")
                break
            }
        }
        counter = savedCounter
    }

    func memoryReport() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "memory: unavailable\n" }
        func field(_ name: String) -> String? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
        }
        func human(_ name: String) -> String { field(name).map(Self.humanKilobytes) ?? "?" }
        return "resident \(human("VmRSS")), peak \(human("VmHWM")), virtual \(human("VmSize"))\n"
    }

    /// `"123456 kB"` (as /proc prints it) → `"120.6 MiB"`.
    static func humanKilobytes(_ text: String) -> String {
        guard let kilobytes = Double(text.split(separator: " ").first ?? "") else { return text }
        var value = kilobytes * 1024
        for unit in ["B", "KiB", "MiB", "GiB"] {
            if value < 1024 { return unit == "B" ? "\(Int(exactly: value.rounded()) ?? 0) B" : String(format: "%.1f", value) + " " + unit }
            value /= 1024
        }
        return String(format: "%.1f TiB", value)
    }
}
