// Normalising and sanitizing cell output before it is recorded or compared.
import Foundation

/// Turns raw cell output into the stable text that `.lnb` files hold.
public enum OutputNormalizer {
    /// Normalises output: CRLF → LF, ANSI escapes removed, each line keeps only its final
    /// carriage-return frame (so progress bars leave their last state), trailing spaces and tabs
    /// removed, trailing blank lines removed.
    public static func normalize(_ text: String) -> String {
        let plain = stripANSI(text.replacingCRLF())
        var lines = plain.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let frames = line.split(separator: "\r", omittingEmptySubsequences: false)
            let final = frames.last(where: { !$0.isEmpty }) ?? ""
            var kept = Substring(final)
            while let last = kept.last, last == " " || last == "\t" { kept.removeLast() }
            return String(kept)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// A replay names a cell `NAME.lnb:cell ID:L:C` in diagnostics. Comparisons drop the notebook's file
    /// name (and any folder), leaving `cell ID:L:C`, so a recorded error still matches when the notebook is
    /// copied or renamed (`%save` then `lorarepl test` on a renamed copy).
    public static func portableLocations(_ text: String) -> String {
        guard text.contains(".lnb:cell "), let regex = notebookLocation else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "cell ")
    }

    private static let notebookLocation = try? NSRegularExpression(pattern: #"[^\s'"():]*\.lnb:cell "#)

    /// Removes ANSI escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, and two-byte escapes).
    public static func stripANSI(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else { out.append(scalar); continue }
            guard let kind = scalars.next() else { break }
            switch kind {
            case "[":
                while let s = scalars.next() { if (0x40...0x7E).contains(s.value) { break } }
            case "]":
                var previous: Unicode.Scalar = " "
                while let s = scalars.next() {
                    if s == "\u{07}" || (previous == "\u{1B}" && s == "\\") { break }
                    previous = s
                }
            default:
                break  // ESC + one character
            }
        }
        return String(out)
    }
}
