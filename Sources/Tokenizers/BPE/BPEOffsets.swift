import Foundation

/// Character offsets of byte-level BPE tokens, equal to HF's `return_offsets_mapping=True`: every UTF-8
/// byte remembers the character it came from, so a token spans the characters of its first and last
/// byte (a token holding half of a character spans all of it). With the ByteLevel post-processor's
/// `trim_offsets`, the spaces a token starts or ends with (`Ġ`) are left out of its span.
extension BPETokenizer {
    public func tokenizeWithOffsets(_ text: String) -> TokenizedText {
        var ids: [Int] = []
        var offsets: [TokenSpan] = []
        var words: [Int] = []
        for (n, (piece, span)) in splitter.splitWithSpans(text).enumerated() {
            switch piece {
            case let .added(id):
                ids.append(id)
                offsets.append(span)
                words.append(words.last.map { $0 + 1 } ?? 0)
            case let .text(segment):
                var scalars = Array(segment.unicodeScalars)
                var source = Array(0..<scalars.count)
                if addPrefixSpace && n == 0 && scalars.first != " " {
                    scalars.insert(" ", at: 0)
                    source.insert(0, at: 0)
                }
                for range in preTokenizer.split(scalars) {
                    var bytes: [UInt8] = []
                    var byteSource: [Int] = []
                    for k in range {
                        let before = bytes.count
                        UTF8.encode(scalars[k]) { bytes.append($0) }
                        byteSource += Array(repeating: span.start + source[k], count: bytes.count - before)
                    }
                    let first = ids.count
                    let word = words.last.map { $0 + 1 } ?? 0
                    model.tokenize(bytes: bytes, into: &ids)
                    words += Array(repeating: word, count: ids.count - first)
                    var cursor = 0
                    for id in ids[first...] where !bytes.isEmpty {
                        let token = idToToken(id) ?? ""
                        let start = min(cursor, bytes.count - 1)
                        let end = max(start + 1, min(bytes.count, cursor + token.unicodeScalars.count))
                        var tokenSpan = TokenSpan(byteSource[start], byteSource[end - 1] + 1)
                        if trimOffsets { trim(&tokenSpan, token: token, isFirst: offsets.isEmpty) }
                        offsets.append(tokenSpan)
                        cursor = end
                    }
                }
            }
        }
        var out = TokenizedText()
        (out.ids, out.offsets, out.words) = (ids, offsets, words)
        return out
    }

    /// `tokenizers`' `process_offsets`: drop leading and trailing `Ġ` (spaces) from the span; a single
    /// leading space on the first token (or one starting at offset 0) stays when the post-processor's
    /// `add_prefix_space` is set.
    private func trim(_ span: inout TokenSpan, token: String, isFirst: Bool) {
        let space: Unicode.Scalar = "\u{0120}"
        var leading = token.unicodeScalars.prefix { $0 == space || UnicodeClasses.isWhitespace($0) }.count
        let trailing = token.unicodeScalars.reversed().prefix { $0 == space || UnicodeClasses.isWhitespace($0) }.count
        if leading > 0 {
            if (isFirst || span.start == 0) && trimKeepsPrefixSpace && leading == 1 { leading = 0 }
            span.start = min(span.start + leading, span.end)
        }
        if trailing > 0, span.end >= trailing { span.end = max(span.end - trailing, span.start) }
    }
}
