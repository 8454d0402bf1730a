import Foundation

/// A piece of input text after the added tokens have been cut out: either plain text to tokenize
/// with the model, or one added token's id.
enum TextPiece: Equatable {
    case text(String)
    case added(Int)
}

/// Finds added tokens (`[CLS]`, `<|im_start|>`, ...) in raw text, leftmost-longest, like HF's
/// `AddedVocabulary`: they are matched before normalization and never split.
struct AddedTokenSplitter {
    private struct Candidate {
        let scalars: [Unicode.Scalar]
        let token: AddedToken
    }
    /// Candidates by first scalar, longest first.
    private var byFirstScalar: [Unicode.Scalar: [Candidate]] = [:]
    /// The distinct first scalars (checked linearly when there are few: faster than hashing every character).
    private var firstScalars: [Unicode.Scalar] = []

    init(tokens: [AddedToken]) {
        for token in tokens where !token.content.isEmpty {
            let scalars = Array(token.content.unicodeScalars)
            byFirstScalar[scalars[0], default: []].append(Candidate(scalars: scalars, token: token))
        }
        for key in byFirstScalar.keys {
            byFirstScalar[key]?.sort { $0.scalars.count > $1.scalars.count }
        }
        firstScalars = Array(byFirstScalar.keys)
    }

    var isEmpty: Bool { byFirstScalar.isEmpty }

    /// Splits `text` into plain-text pieces and added-token ids.
    func split(_ text: String) -> [TextPiece] {
        if byFirstScalar.isEmpty { return text.isEmpty ? [] : [.text(text)] }
        if firstScalars.count <= 8, !text.unicodeScalars.contains(where: { firstScalars.contains($0) }) {
            return text.isEmpty ? [] : [.text(text)]
        }
        return splitWithSpans(text).map(\.piece)
    }

    /// The pieces with their `[start, end)` code-point span in `text` (an added token's span covers the
    /// whitespace its `lstrip`/`rstrip` swallowed, as HF's offsets do).
    func splitWithSpans(_ text: String) -> [(piece: TextPiece, span: TokenSpan)] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [(piece: TextPiece, span: TokenSpan)] = []
        var pending: [Unicode.Scalar] = []   // plain text since the last match
        var pendingStart = 0
        var i = 0
        func flush() {
            if !pending.isEmpty {
                pieces.append((.text(ScalarText.make(pending)), TokenSpan(pendingStart, pendingStart + pending.count)))
                pending.removeAll(keepingCapacity: true)
            }
        }
        let linear = firstScalars.count <= 8
        while i < scalars.count {
            if pending.isEmpty { pendingStart = i }
            if isEmpty || (linear && !firstScalars.contains(scalars[i])) {
                pending.append(scalars[i])
                i += 1
                continue
            }
            if let candidates = byFirstScalar[scalars[i]], let match = candidates.first(where: { matches($0, scalars, at: i) }) {
                let token = match.token
                var start = i
                if token.lstrip {
                    while let last = pending.last, UnicodeClasses.isWhitespace(last) { pending.removeLast(); start -= 1 }
                }
                flush()
                i += match.scalars.count
                if token.rstrip {
                    while i < scalars.count, UnicodeClasses.isWhitespace(scalars[i]) { i += 1 }
                }
                pieces.append((.added(token.id), TokenSpan(start, i)))
            } else {
                pending.append(scalars[i])
                i += 1
            }
        }
        flush()
        return pieces
    }

    private func matches(_ candidate: Candidate, _ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        let n = candidate.scalars.count
        guard start + n <= scalars.count else { return false }
        for k in 0..<n where scalars[start + k] != candidate.scalars[k] { return false }
        if candidate.token.singleWord {
            let wordChar: (Unicode.Scalar) -> Bool = { UnicodeClasses.isLetter($0) || UnicodeClasses.isNumber($0) || $0 == "_" }
            if start > 0, wordChar(scalars[start - 1]) { return false }
            if start + n < scalars.count, wordChar(scalars[start + n]) { return false }
        }
        return true
    }
}
