// Parses `.lnb` text into a `Notebook`, keeping every byte so printing gives the file back unchanged.

/// Parses `.lnb` notebooks. Malformed files give a `NotebookError` with the line number and the fix.
public enum NotebookParser {
    /// The attributes a ```` ```lora ```` cell may carry.
    static let cellAttributes = ["id", "expect", "check", "rtol", "skip", "timeout"]

    /// Parses `text`; `file` only names the file in error messages.
    public static func parse(_ text: String, file: String = "") throws -> Notebook {
        let lines = splitLinesKeepingEndings(text)
        guard let first = lines.first else {
            throw NotebookError(file: file, line: 1, "the file is empty",
                                help: "a notebook starts with the header line `<!-- lnb v1 seed=42 -->`")
        }
        var segments: [Segment] = [Segment(kind: .header(try parseHeader(first, file: file)), raw: first)]
        var prose = ""
        var seenIDs: [String: Int] = [:]
        var cellCount = 0
        // The cell a recorded block may attach to, and which blocks it already has.
        var attachable: (id: String, hasOutput: Bool, hasError: Bool)? = nil

        func flushProse() {
            if !prose.isEmpty { segments.append(Segment(kind: .prose, raw: prose)); prose = "" }
        }

        var index = 1
        while index < lines.count {
            let line = lines[index]
            let content = stripLineEnding(line)
            guard let opener = fenceOpener(content) else {
                if !content.trimmingSpaces().isEmpty { attachable = nil }
                prose += line
                index += 1
                continue
            }
            let lineNumber = index + 1
            guard let closeIndex = findClose(lines, from: index + 1, opener: opener) else {
                throw NotebookError(file: file, line: lineNumber,
                                    "unclosed fence `\(opener.marker)\(opener.info)` (no closing `\(opener.marker)` line)",
                                    help: "add a line `\(opener.marker)` after the block's last line")
            }
            let raw = lines[index...closeIndex].joined()
            let bodyLines = lines[(index + 1)..<closeIndex].map { stripLineEnding($0) }
            let body = bodyLines.joined(separator: "\n")
            let words = opener.info.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let isCellFence = opener.indent == 0 && opener.marker.first == "`"
            switch (isCellFence ? words.first : nil) {
            case "lora":
                flushProse()
                cellCount += 1
                let cell = try parseCell(attributes: Array(words.dropFirst()), source: body, line: lineNumber,
                                         position: cellCount, file: file)
                if let previous = seenIDs[cell.id] {
                    throw NotebookError(file: file, line: lineNumber,
                                        "duplicate cell id '\(cell.id)' (first used on line \(previous))",
                                        help: "give each cell its own id=")
                }
                seenIDs[cell.id] = lineNumber
                segments.append(Segment(kind: .cell(cell), raw: raw))
                attachable = (cell.id, false, false)
            case "output", "error":
                let kind: RecordedKind = words.first == "output" ? .output : .error
                let block = try parseRecorded(kind: kind, attributes: Array(words.dropFirst()), body: body,
                                              line: lineNumber, file: file)
                guard let owner = attachable else {
                    throw NotebookError(file: file, line: lineNumber,
                                        "orphan \(kind.rawValue) block (of=\(block.cellID)): it is not directly after a lora cell",
                                        help: "move it right after the ```lora cell it belongs to (only blank lines between), or delete it")
                }
                if block.cellID != owner.id {
                    if seenIDs[block.cellID] == nil {
                        throw NotebookError(file: file, line: lineNumber,
                                            "\(kind.rawValue) block names unknown cell '\(block.cellID)' (the cell above is '\(owner.id)')",
                                            help: "write of=\(owner.id), or delete the block and record it with `lorarepl test --update`")
                    }
                    throw NotebookError(file: file, line: lineNumber,
                                        "\(kind.rawValue) block of=\(block.cellID) follows cell '\(owner.id)', not its own cell",
                                        help: "move it directly after cell '\(block.cellID)'")
                }
                if (kind == .output && owner.hasOutput) || (kind == .error && owner.hasError) {
                    throw NotebookError(file: file, line: lineNumber,
                                        "cell '\(owner.id)' already has an \(kind.rawValue) block",
                                        help: "keep one \(kind.rawValue) block per cell")
                }
                flushProse()
                segments.append(Segment(kind: .recorded(block), raw: raw))
                attachable = (owner.id, owner.hasOutput || kind == .output, owner.hasError || kind == .error)
            default:
                // A fence that is not ours (```python, ~~~~ …): prose, contents included.
                prose += raw
                attachable = nil
            }
            index = closeIndex + 1
        }
        flushProse()
        return Notebook(segments: segments)
    }

    // MARK: - Header

    static func parseHeader(_ line: String, file: String) throws -> NotebookHeader {
        var content = stripLineEnding(line).trimmingSpaces()
        if content.hasPrefix("\u{FEFF}") { content.removeFirst() }  // a UTF-8 byte order mark
        let help = "the first line must be a header such as `<!-- lnb v1 seed=42 -->`"
        guard content.hasPrefix("<!--"), content.hasSuffix("-->") else {
            throw NotebookError(file: file, line: 1, "missing notebook header", help: help)
        }
        let words = content.dropFirst(4).dropLast(3).split(separator: " ").map(String.init)
        guard words.first == "lnb" else { throw NotebookError(file: file, line: 1, "missing notebook header", help: help) }
        var header = NotebookHeader()
        guard words.count >= 2, words[1] == "v1" else {
            throw NotebookError(file: file, line: 1, "unsupported notebook version '\(words.count > 1 ? words[1] : "")'",
                                help: "this lorarepl reads `lnb v1`")
        }
        var inParams = false
        for word in words.dropFirst(2) {
            if word == "params" { inParams = true; continue }
            let (key, value) = splitAttribute(word)
            if inParams {
                guard let value, !key.isEmpty else {
                    throw NotebookError(file: file, line: 1, "bad param '\(word)'", help: "write params as key=value")
                }
                header.params.append((key, value))
                continue
            }
            switch (key, value) {
            case ("seed", let v?):
                guard let seed = UInt64(v) else {
                    throw NotebookError(file: file, line: 1, "bad seed '\(v)'", help: "the seed is a whole number ≥ 0, e.g. seed=42")
                }
                header.seed = seed
            case ("sanitize", "default"): header.sanitize = true
            case ("sanitize", "none"): header.sanitize = false
            default:
                throw NotebookError(file: file, line: 1, "unknown header attribute '\(word)'",
                                    help: "the header knows seed=, sanitize=default|none and `params k=v …`")
            }
        }
        return header
    }

    // MARK: - Cells and recorded blocks

    static func parseCell(attributes: [String], source: String, line: Int, position: Int, file: String) throws -> CodeCell {
        var cell = CodeCell(id: "c\(position)", hasExplicitID: false, source: source, line: line)
        for word in attributes {
            let (key, value) = splitAttribute(word)
            func bad(_ why: String) -> NotebookError {
                NotebookError(file: file, line: line, "bad attribute '\(word)' on lora cell: \(why)",
                              help: "cell attributes: id=NAME expect=error check=exact|numbers|lines|ignore rtol=1e-4 skip timeout=SECONDS")
            }
            switch key {
            case "id":
                guard let value, isValidID(value) else { throw bad("an id starts with a letter, then letters, digits, '_' or '-'") }
                cell.id = value
                cell.hasExplicitID = true
            case "expect":
                guard value == "error" else { throw bad("the only expectation is expect=error") }
                cell.expectError = true
            case "check":
                guard let value, let mode = CheckMode(rawValue: value) else { throw bad("check is exact, numbers, lines or ignore") }
                cell.check = mode
            case "rtol":
                guard let value, let tolerance = Double(value), tolerance >= 0 else { throw bad("rtol is a number ≥ 0, e.g. rtol=1e-3") }
                cell.relativeTolerance = tolerance
            case "skip":
                guard value == nil else { throw bad("skip takes no value") }
                cell.skip = true
            case "timeout":
                guard let value, let seconds = Double(value), seconds > 0 else { throw bad("timeout is a number of seconds > 0") }
                cell.timeout = seconds
            default:
                throw bad("unknown attribute '\(key)'")
            }
        }
        return cell
    }

    static func parseRecorded(kind: RecordedKind, attributes: [String], body: String, line: Int, file: String) throws -> RecordedBlock {
        var cellID: String? = nil
        var hash: String? = nil
        for word in attributes {
            let (key, value) = splitAttribute(word)
            switch (key, value) {
            case ("of", let v?) where isValidID(v): cellID = v
            case ("hash", let v?) where v.count == 8 && v.allSatisfy({ $0.isHexDigit }): hash = v
            default:
                throw NotebookError(file: file, line: line, "bad attribute '\(word)' on \(kind.rawValue) block",
                                    help: "\(kind.rawValue) blocks take of=CELL_ID and hash=8_HEX_DIGITS")
            }
        }
        guard let cellID else {
            throw NotebookError(file: file, line: line, "\(kind.rawValue) block without of=CELL_ID",
                                help: "write ```\(kind.rawValue) of=ID with the id of the cell above")
        }
        return RecordedBlock(kind: kind, cellID: cellID, hash: hash, body: body, line: line)
    }

    // MARK: - Lexical helpers

    struct FenceOpener {
        var marker: String  // "```" or "~~~~" …
        var info: String
        var indent: Int
    }

    /// A CommonMark fence opener: up to 3 spaces, then 3+ backticks or tildes, then an info string.
    static func fenceOpener(_ line: String) -> FenceOpener? {
        let indent = line.prefix(while: { $0 == " " }).count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let char = rest.first, char == "`" || char == "~" else { return nil }
        let run = rest.prefix(while: { $0 == char })
        guard run.count >= 3 else { return nil }
        let info = String(rest.dropFirst(run.count)).trimmingSpaces()
        if char == "`" && info.contains("`") { return nil }
        return FenceOpener(marker: String(run), info: info, indent: indent)
    }

    static func findClose(_ lines: [String], from start: Int, opener: FenceOpener) -> Int? {
        guard let char = opener.marker.first else { return nil }
        var index = start
        while index < lines.count {
            let content = stripLineEnding(lines[index])
            let indent = content.prefix(while: { $0 == " " }).count
            let rest = content.dropFirst(indent).trimmingSpaces()
            if indent <= 3, rest.count >= opener.marker.count, rest.allSatisfy({ $0 == char }) { return index }
            index += 1
        }
        return nil
    }

    static func splitAttribute(_ word: String) -> (String, String?) {
        guard let eq = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<eq]), String(word[word.index(after: eq)...]))
    }

    /// `[A-Za-z][A-Za-z0-9_-]*`
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isASCIILetter else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

// MARK: - Text helpers shared by the layer

/// Splits text into lines, each keeping its "\n" or "\r\n" (the last may have none).
func splitLinesKeepingEndings(_ text: String) -> [String] {
    var lines: [String] = []
    var current = ""
    for char in text {
        current.append(char)
        if char == "\n" || char == "\r\n" { lines.append(current); current = "" }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

func stripLineEnding(_ line: String) -> String {
    var line = line
    while let last = line.last, last == "\n" || last == "\r\n" || last == "\r" { line.removeLast() }
    return line
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

extension Substring {
    func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
