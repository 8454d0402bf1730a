// Line editing for the REPL over libedit (through CEditLine): prompts, history, Tab completion,
// and Ctrl-C at the prompt clearing the line.
import CEditLine
import Foundation

/// What reading a line gave.
enum LineRead {
    case line(String)
    /// Ctrl-C at the prompt: the line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or end of input.
    case endOfInput
}

/// The current editor, reachable from libedit's C callbacks (one REPL per process).
nonisolated(unsafe) private var activeEditor: LineEditor?
nonisolated(unsafe) private var promptBuffer: UnsafeMutablePointer<CChar>? = nil

/// A libedit line editor with a persistent history file.
final class LineEditor {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    /// Where the history is written after every entry (the project's file and the shared one).
    private let saveFiles: [String]
    /// Completion candidates for the text before the cursor: (replacement candidates, length of the prefix they replace).
    var complete: ((String) -> (candidates: [String], replacing: Int))?
    fileprivate var cancelled = false

    /// `history` is where the history is read from and written to; `alsoSaveTo` are written too.
    init?(history historyFile: String?, alsoSaveTo extraFiles: [String] = []) {
        // libedit reads multibyte characters only in a UTF-8 locale: use the user's, else C.UTF-8.
        setlocale(LC_CTYPE, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let el = el_init("lorarepl", stdin, stdout, stderr), let h = history_init() else { return nil }
        editLine = el
        history = h
        saveFiles = (historyFile.map { [$0] } ?? []) + extraFiles
        lr_history_setsize(h, 2000)
        lr_history_setunique(h, 1)
        if let historyFile { lr_history_load(h, historyFile) }
        lr_el_set_editor(el, "emacs")
        lr_el_set_history(el, h)
        lr_el_set_signal(el, 1)
        lr_el_set_prompt(el, { _ in promptBuffer })
        // Ctrl-C arrives as a character at the prompt (not as SIGINT) and clears the line.
        lr_el_setty_edit(el, "-isig")
        lr_el_addfn(el, "lorarepl-cancel", "discard the line", { el, _ in
            activeEditor?.cancelled = true
            return UInt8(CC_NEWLINE)
        })
        lr_el_bind(el, "^C", "lorarepl-cancel")
        lr_el_addfn(el, "lorarepl-complete", "complete the word", { el, _ in
            guard let el, let editor = activeEditor else { return UInt8(CC_ERROR) }
            return editor.completeAtCursor(el)
        })
        lr_el_bind(el, "^I", "lorarepl-complete")
        activeEditor = self
    }

    deinit {
        el_end(editLine)
        history_end(history)
    }

    /// Reads one line with `prompt`; `indent` is typed in for the user first (auto-indent), so it can be
    /// kept, extended or erased like typed text.
    func readLine(prompt: String, indent: String = "") -> LineRead {
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        cancelled = false
        // Text already waiting is a paste (or typing ahead): it brings its own indentation.
        if !indent.isEmpty && !Self.inputIsWaiting() { el_push(editLine, indent) }
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if cancelled {
            // One "^C" and one fresh prompt, whether or not something was typed.
            FileHandle.standardOutput.write(Data("^C\n".utf8))
            return .interrupted
        }
        guard let raw, count > 0 else { return .endOfInput }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// True when typed or pasted text is already waiting on the terminal (nothing blocks).
    static func inputIsWaiting() -> Bool {
        var waiting = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&waiting, 1, 0) > 0
    }

    /// Adds an entry to the history (a whole cell, newlines included, is one entry: ↑ recalls all
    /// of it) and saves the history files.
    func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        lr_history_enter(history, entry)
        for file in saveFiles { lr_history_save(history, file) }
    }

    fileprivate func completeAtCursor(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee, let complete else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: Int(length))
        let before = String(decoding: bytes, as: UTF8.self)
        let (candidates, replacing) = complete(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let typed = String(before.suffix(replacing))
        let common = Self.commonPrefix(candidates)
        if common.count > typed.count, common.hasPrefix(typed) {
            let insertion = String(common.dropFirst(typed.count))
            el_insertstr(el, insertion)
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 { return UInt8(CC_REFRESH) }
        // Several candidates and nothing more to insert: list them under the line.
        let shown = candidates.prefix(60)
        var listing = "\n" + Self.columns(Array(shown))
        if candidates.count > shown.count { listing += "\n… \(candidates.count - shown.count) more" }
        FileHandle.standardOutput.write(Data((listing + "\n").utf8))
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    static func columns(_ words: [String], width: Int = 80) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var rows: [String] = []
        var index = 0
        while index < words.count {
            let row = words[index..<min(index + perRow, words.count)]
            rows.append(row.map { $0.padding(toLength: cell, withPad: " ", startingAt: 0) }.joined().trimmingCharacters(in: .whitespaces))
            index += perRow
        }
        return rows.joined(separator: "\n")
    }
}
