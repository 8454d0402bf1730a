// `lorarepl check`: static findings (no execution) from the hash chain and the recorded blocks.

/// One static finding.
public struct CheckFinding: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// The cell (or an earlier one, or the header) changed since its output was recorded.
        case stale = "STALE"
        /// The cell has no recorded output or error (and is not check=ignore or skip).
        case missing = "MISSING"
        /// The recorded block carries no hash, so staleness cannot be told.
        case unhashed = "UNHASHED"
    }

    public var kind: Kind
    public var cellID: String
    public var line: Int
    public var message: String
}

/// Finds stale and missing outputs without running anything.
public enum StaleCheck {
    public static func check(_ notebook: Notebook) -> [CheckFinding] {
        var findings: [CheckFinding] = []
        var firstStale: String? = nil
        let chain = HashChain.hashes(of: notebook)
        for (cell, link) in zip(notebook.cells, chain) {
            let blocks = [notebook.recorded(.output, of: cell.id), notebook.recorded(.error, of: cell.id)].compactMap { $0 }
            if blocks.isEmpty {
                if !cell.skip && cell.check != .ignore {
                    findings.append(CheckFinding(kind: .missing, cellID: cell.id, line: cell.line,
                                                 message: "cell '\(cell.id)' has no recorded output"))
                }
                continue
            }
            for block in blocks {
                guard let recorded = block.hash else {
                    findings.append(CheckFinding(kind: .unhashed, cellID: cell.id, line: block.line,
                                                 message: "the \(block.kind.rawValue) of cell '\(cell.id)' has no hash= (written by hand?)"))
                    continue
                }
                if recorded != link.hash {
                    let why: String
                    if let firstStale { why = "an earlier cell ('\(firstStale)') changed" } else {
                        why = "its source changed since it was recorded"
                        firstStale = cell.id
                    }
                    findings.append(CheckFinding(kind: .stale, cellID: cell.id, line: block.line,
                                                 message: "the \(block.kind.rawValue) of cell '\(cell.id)' is stale: \(why)"))
                    break
                }
            }
        }
        return findings
    }
}
