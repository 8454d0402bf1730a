// The hash chain that lets `lorarepl check` find stale outputs without running anything.
//
//   h0 = first8(SHA256("lnb v1\nseed=<seed>\nparams=<k=v,…>\n"))
//   hi = first8(SHA256(h(i-1) + "\n" + "id=<id> expect=<error|none> skip=<yes|no>" + "\n" + normalize(source_i)))
//
// normalize(source): CRLF → LF, trailing spaces and tabs removed from each line, trailing blank lines
// removed. Every code cell (skipped ones too) is a link, so editing one cell makes it and every later
// cell stale. `check=`, `rtol=` and `timeout=` are not hashed: they change how output is compared or
// how long we wait, not what runs.

/// Computes the hash chain of a notebook.
public enum HashChain {
    /// The header link (h0).
    public static func headerHash(_ header: NotebookHeader) -> String {
        let params = header.params.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return String(SHA256.hex("lnb v\(header.version)\nseed=\(header.seed)\nparams=\(params)\n").prefix(8))
    }

    /// The link of one cell given the previous link.
    public static func link(previous: String, cell: CodeCell) -> String {
        let attributes = "id=\(cell.id) expect=\(cell.expectError ? "error" : "none") skip=\(cell.skip ? "yes" : "no")"
        return String(SHA256.hex(previous + "\n" + attributes + "\n" + normalizeSource(cell.source)).prefix(8))
    }

    /// The chain value of every cell, by cell id, in order.
    public static func hashes(of notebook: Notebook) -> [(id: String, hash: String)] {
        var previous = headerHash(notebook.header)
        return notebook.cells.map { cell in
            previous = link(previous: previous, cell: cell)
            return (cell.id, previous)
        }
    }

    static func normalizeSource(_ source: String) -> String {
        var lines = source.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" { line.removeLast() }
            return String(line)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func replacingCRLF() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for char in self {
            if char == "\r\n" { out.append("\n") } else { out.append(char) }
        }
        return out
    }
}
