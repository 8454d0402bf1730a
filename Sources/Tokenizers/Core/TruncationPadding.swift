import Foundation

/// Truncation and padding of encodings, with HF `tokenizers`' exact rules.
enum TruncationPadding {
    /// Truncates the two segments (special tokens not yet added) so that together with `addedCount`
    /// special tokens they fit in `options.maxLength`. Mirrors `tokenizers::utils::truncation`.
    static func truncate(_ a: inout [Int], _ b: inout [Int]?, options: TruncationOptions, addedCount: Int) throws {
        if options.strategy == .doNotTruncate { return }
        guard options.maxLength >= addedCount else {
            throw TokenizerError("max_length \(options.maxLength) is smaller than the \(addedCount) special tokens the template adds",
                                 help: "use max_length >= \(addedCount + 1) so at least one token of the text fits")
        }
        let budget = options.maxLength - addedCount
        let total = a.count + (b?.count ?? 0)
        guard total > budget else { return }
        let toRemove = total - budget
        switch options.strategy {
        case .doNotTruncate:
            return
        case .longestFirst:
            if var second = b {
                var n1 = a.count, n2 = second.count
                let swapped = n1 > n2
                if swapped { swap(&n1, &n2) }
                if n1 > budget { n2 = n1 } else { n2 = max(n1, budget - n1) }
                if n1 + n2 > budget {
                    n1 = budget / 2
                    n2 = n1 + budget % 2
                }
                if swapped { swap(&n1, &n2) }
                cut(&a, to: n1, side: options.side)
                cut(&second, to: n2, side: options.side)
                b = second
            } else {
                cut(&a, to: a.count - toRemove, side: options.side)
            }
        case .onlyFirst:
            guard a.count > toRemove else {
                throw TokenizerError("truncation only_first cannot shorten the first text enough: it has \(a.count) tokens and \(toRemove) must go",
                                     help: "use truncation='longest_first' or a larger max_length")
            }
            cut(&a, to: a.count - toRemove, side: options.side)
        case .onlySecond:
            guard var second = b else {
                throw TokenizerError("truncation only_second needs a second text (text pair)",
                                     help: "pass a text pair, or use truncation='longest_first'")
            }
            guard second.count > toRemove else {
                throw TokenizerError("truncation only_second cannot shorten the second text enough: it has \(second.count) tokens and \(toRemove) must go",
                                     help: "use truncation='longest_first' or a larger max_length")
            }
            cut(&second, to: second.count - toRemove, side: options.side)
            b = second
        }
    }

    private static func cut(_ ids: inout [Int], to length: Int, side: Side) {
        let keep = max(0, min(length, ids.count))
        if side == .right { ids.removeLast(ids.count - keep) } else { ids.removeFirst(ids.count - keep) }
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
            if options.side == .right { encodings[i].wordIds += words } else { encodings[i].wordIds = words + encodings[i].wordIds }
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
