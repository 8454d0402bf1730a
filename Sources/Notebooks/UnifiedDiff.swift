// A small line-based unified diff (LCS), for reporting mismatching cells.

/// Unified diffs between two line arrays.
public enum UnifiedDiff {
    enum Edit: Equatable { case same(String), removed(String), added(String) }

    /// The diff body (hunks starting with `@@`), or "" when equal. `context` lines around changes.
    public static func diff(_ old: [String], _ new: [String], context: Int = 3,
                            oldStart: Int = 1, newStart: Int = 1) -> String {
        let edits = editScript(old, new)
        guard edits.contains(where: { if case .same = $0 { return false }; return true }) else { return "" }
        // Group edits into hunks.
        var changeIndices: [Int] = []
        for (i, e) in edits.enumerated() { if case .same = e {} else { changeIndices.append(i) } }
        var hunks: [(Int, Int)] = []
        for i in changeIndices {
            let lo = max(0, i - context), hi = min(edits.count - 1, i + context)
            if let last = hunks.last, lo <= last.1 + 1 { hunks[hunks.count - 1].1 = max(last.1, hi) } else { hunks.append((lo, hi)) }
        }
        var out: [String] = []
        for (lo, hi) in hunks {
            var oldLine = oldStart, newLine = newStart
            for e in edits[..<lo] {
                switch e { case .same: oldLine += 1; newLine += 1; case .removed: oldLine += 1; case .added: newLine += 1 }
            }
            var oldCount = 0, newCount = 0
            var body: [String] = []
            for e in edits[lo...hi] {
                switch e {
                case .same(let s): body.append(" " + s); oldCount += 1; newCount += 1
                case .removed(let s): body.append("-" + s); oldCount += 1
                case .added(let s): body.append("+" + s); newCount += 1
                }
            }
            out.append("@@ -\(oldCount == 0 ? oldLine - 1 : oldLine),\(oldCount) +\(newCount == 0 ? newLine - 1 : newLine),\(newCount) @@")
            out += body
        }
        return out.joined(separator: "\n")
    }

    static func editScript(_ a: [String], _ b: [String]) -> [Edit] {
        // Common head and tail first; the LCS table is only built for the middle.
        var head = 0
        while head < a.count && head < b.count && a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head && tail < b.count - head && a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let middle = lcsScript(Array(a[head..<(a.count - tail)]), Array(b[head..<(b.count - tail)]))
        return a[..<head].map { .same($0) } + middle + a[(a.count - tail)...].map { .same($0) }
    }

    /// LCS edit script; past 4M table cells (huge, very different outputs) it lists removals then additions.
    static func lcsScript(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        if n * m > 4_000_000 { return a.map { .removed($0) } + b.map { .added($0) } }
        // lcs[i][j] = LCS length of a[i...] and b[j...]
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n && j < m {
            if a[i] == b[j] { edits.append(.same(a[i])); i += 1; j += 1 }
            else if lcs[i + 1][j] >= lcs[i][j + 1] { edits.append(.removed(a[i])); i += 1 }
            else { edits.append(.added(b[j])); j += 1 }
        }
        while i < n { edits.append(.removed(a[i])); i += 1 }
        while j < m { edits.append(.added(b[j])); j += 1 }
        return edits
    }
}
