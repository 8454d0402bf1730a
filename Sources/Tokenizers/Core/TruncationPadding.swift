import Foundation

/// Truncation and padding of encodings, with HF `tokenizers`' exact rules.
enum TruncationPadding {
    /// Truncates the two segments (special tokens not yet added) so that together with `addedCount`
    /// special tokens they fit in `options.maxLength`. Mirrors `tokenizers::utils::truncation`.
    static func truncate(_ a: inout [Int], _ b: inout [Int]?, options: TruncationOptions, addedCount: Int) throws {
        if options.strategy == .doNotTruncate { return }
        let parts = try windows(a: a.count, b: b?.count, options: options, addedCount: addedCount, stride: 0)
        if let kept = parts.a.first, kept.count != a.count { a = Array(a[kept]) }
        if let second = b, let kept = parts.b?.first, kept.count != second.count { b = Array(second[kept]) }
    }

    /// The windows truncation makes of each segment: the kept part first, then the overflowing parts
    /// (`return_overflowing_tokens=True`), each overlapping the previous one by `stride` tokens.
    /// Mirrors `tokenizers`' `truncate_encodings`.
    static func windows(a: Int, b: Int?, options: TruncationOptions, addedCount: Int, stride: Int) throws
        -> (a: [Range<Int>], b: [Range<Int>]?) {
        let whole = ([0..<a], b.map { [0..<$0] })
        if options.strategy == .doNotTruncate { return whole }
        guard options.maxLength >= addedCount else {
            throw TokenizerError("max_length \(options.maxLength) is smaller than the \(addedCount) special tokens the template adds",
                                 help: "use max_length >= \(addedCount + 1) so at least one token of the text fits")
        }
        guard stride >= 0 else { throw TokenizerError("stride must not be negative (got \(stride))") }
        let budget = options.maxLength - addedCount
        let total = a + (b ?? 0)
        guard total > budget else { return whole }
        let toRemove = total - budget
        func cut(_ count: Int, to length: Int) throws -> [Range<Int>] {
            try parts(count: count, maxLength: length, stride: stride, side: options.side, budget: options.maxLength)
        }
        switch options.strategy {
        case .doNotTruncate:
            return whole
        case .longestFirst:
            guard let second = b else { return (try cut(a, to: a - toRemove), nil) }
            var n1 = a, n2 = second
            let swapped = n1 > n2
            if swapped { swap(&n1, &n2) }
            if n1 > budget { n2 = n1 } else { n2 = max(n1, budget - n1) }
            if n1 + n2 > budget {
                n1 = budget / 2
                n2 = n1 + budget % 2
            }
            if swapped { swap(&n1, &n2) }
            return (try cut(a, to: n1), try cut(second, to: n2))
        case .onlyFirst:
            guard a > toRemove else {
                throw TokenizerError("truncation only_first cannot shorten the first text enough: it has \(a) tokens and \(toRemove) must go",
                                     help: "use truncation='longest_first' or a larger max_length")
            }
            return (try cut(a, to: a - toRemove), whole.1)
        case .onlySecond:
            guard let second = b else {
                throw TokenizerError("truncation only_second needs a second text (text pair)",
                                     help: "pass a text pair, or use truncation='longest_first'")
            }
            guard second > toRemove else {
                throw TokenizerError("truncation only_second cannot shorten the second text enough: it has \(second) tokens and \(toRemove) must go",
                                     help: "use truncation='longest_first' or a larger max_length")
            }
            return (whole.0, try cut(second, to: second - toRemove))
        }
    }

    /// HF's `Encoding::truncate(max_len, stride, direction)` as ranges: windows of `maxLength` tokens
    /// stepping by `maxLength - stride`, from the start (right truncation) or from the end (left).
    private static func parts(count: Int, maxLength: Int, stride: Int, side: Side, budget: Int) throws -> [Range<Int>] {
        if maxLength >= count { return [0..<count] }
        if maxLength == 0 { return [0..<0, 0..<count] }
        guard stride < maxLength else {
            throw TokenizerError("stride \(stride) must be smaller than the \(maxLength) tokens of the truncated text that fit in max_length \(budget)",
                                 help: "use a smaller stride (e.g. a quarter of max_length) or a larger max_length")
        }
        let step = maxLength - stride
        var out: [Range<Int>] = []
        if side == .right {
            var start = 0
            while true {
                let stop = min(start + maxLength, count)
                out.append(start..<stop)
                if stop == count { break }
                start += step
            }
        } else {
            var last = count - 1
            while last >= 0 {
                let stop = last + 1, start = max(0, stop - maxLength)
                out.append(start..<stop)
                if start == 0 { break }
                last -= step
            }
        }
        return out
    }

    /// Pads every encoding to the target length of `options` (longest in batch or fixed).
    static func pad(_ encodings: inout [Encoding], options: PaddingOptions) {
        if options.strategy == .doNotPad || encodings.isEmpty { return }
        var target = options.strategy == .longest ? (encodings.map(\.count).max() ?? 0) : (options.maxLength ?? 0)
        if let multiple = options.padToMultipleOf, multiple > 0, target % multiple != 0 {
            target += multiple - target % multiple
        }
        for i in encodings.indices {
            let missing = target - encodings[i].count
            guard missing > 0 else { continue }
            let ids = Array(repeating: options.padId, count: missing)
            let types = Array(repeating: options.padTypeId, count: missing)
            let zeros = Array(repeating: 0, count: missing)
            let ones = Array(repeating: 1, count: missing)
            let tokens = Array(repeating: options.padToken, count: missing)
            let words: [Int?] = encodings[i].wordIds.isEmpty ? [] : Array(repeating: nil, count: missing)
            let spans: [TokenSpan] = encodings[i].offsets.isEmpty ? [] : Array(repeating: .empty, count: missing)
            let sequences: [Int?] = encodings[i].sequenceIds.isEmpty ? [] : Array(repeating: nil, count: missing)
            if options.side == .right {
                encodings[i].wordIds += words; encodings[i].offsets += spans; encodings[i].sequenceIds += sequences
            } else {
                encodings[i].wordIds = words + encodings[i].wordIds
                encodings[i].offsets = spans + encodings[i].offsets
                encodings[i].sequenceIds = sequences + encodings[i].sequenceIds
            }
            if options.side == .right {
                encodings[i].ids += ids; encodings[i].tokenTypeIds += types; encodings[i].attentionMask += zeros
                encodings[i].tokens += tokens; encodings[i].specialTokensMask += ones
            } else {
                encodings[i].ids = ids + encodings[i].ids
                encodings[i].tokenTypeIds = types + encodings[i].tokenTypeIds
                encodings[i].attentionMask = zeros + encodings[i].attentionMask
                encodings[i].tokens = tokens + encodings[i].tokens
                encodings[i].specialTokensMask = ones + encodings[i].specialTokensMask
            }
        }
    }
}
