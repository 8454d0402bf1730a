import Foundation

/// Byte-level BPE merges: a word's bytes (as GPT-2 characters) start as single-character tokens and the
/// adjacent pair with the lowest merge rank is merged until no pair has a merge (HF's priority-queue
/// order: lowest rank first, leftmost on ties).
struct BPEModel {
    private(set) var vocab: [String: Int]
    private(set) var idToToken: [String]
    /// `(left id << 32 | right id)` → (rank, merged id).
    private var merges: [UInt64: (rank: Int32, merged: Int32)]
    /// Merges in rank order as `(left, right)` strings (kept for saving).
    private(set) var mergeList: [(String, String)]
    /// The id of each byte's GPT-2 character (-1 when missing from the vocabulary).
    private var byteIds: [Int]
    /// LLaMA-3's `ignore_merges`: a word that is itself a token is not merged piece by piece.
    var ignoreMerges: Bool
    var unkId: Int?

    init(vocab: [String: Int], merges: [(String, String)], ignoreMerges: Bool, unkId: Int?) throws {
        (self.vocab, self.ignoreMerges, self.unkId) = (vocab, ignoreMerges, unkId)
        if let bad = vocab.first(where: { $0.value < 0 || $0.value >= 10_000_000 }) {
            throw TokenizerError("the token \(bad.key.debugDescription) has id \(bad.value), outside 0..<10,000,000",
                                 help: "vocabulary ids must be small non-negative integers")
        }
        let size = (vocab.values.max() ?? -1) + 1
        var table = Array(repeating: "", count: size)
        for (token, id) in vocab where id >= 0 { table[id] = token }
        self.idToToken = table
        var map: [UInt64: (rank: Int32, merged: Int32)] = [:]
        map.reserveCapacity(merges.count)
        var kept: [(String, String)] = []
        kept.reserveCapacity(merges.count)
        for (rank, (left, right)) in merges.enumerated() {
            guard let l = vocab[left], let r = vocab[right], let m = vocab[left + right] else {
                throw TokenizerError("merge #\(rank) \"\(left) \(right)\" uses a token that is not in the vocabulary",
                                     help: "the tokenizer's merges and vocabulary do not belong together; re-download the tokenizer")
            }
            let key = UInt64(UInt32(l)) << 32 | UInt64(UInt32(r))
            if map[key] == nil { map[key] = (Int32(rank), Int32(m)) }
            kept.append((left, right))
        }
        self.merges = map
        self.mergeList = kept
        self.byteIds = ByteLevelMapping.byteToScalar.map { vocab[String($0)] ?? -1 }
    }

    /// Adds a token at the next id (for added tokens outside the model vocabulary).
    mutating func appendVocabEntry(_ content: String) {
        vocab[content] = idToToken.count
        idToToken.append(content)
    }

    /// Parses merges written as `"a b"` strings or `["a", "b"]` pairs.
    static func parseMerges(_ raw: [Any]) throws -> [(String, String)] {
        try raw.enumerated().map { index, item in
            if let line = item as? String {
                let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw TokenizerError("merge #\(index) \"\(line)\" is not two tokens separated by one space")
                }
                return (String(parts[0]), String(parts[1]))
            }
            if let pair = item as? [Any], pair.count == 2, let a = pair[0] as? String, let b = pair[1] as? String {
                return (a, b)
            }
            throw TokenizerError("merge #\(index) is neither \"a b\" nor [\"a\", \"b\"]")
        }
    }

    /// Appends the ids of one pre-tokenized word given as UTF-8 bytes.
    func tokenize<C: Collection>(bytes: C, into ids: inout [Int]) where C.Element == UInt8 {
        if bytes.isEmpty { return }
        if ignoreMerges, let id = vocab[ByteLevelMapping.encode(bytes)] {
            ids.append(id)
            return
        }
        var symbols: [Int] = []
        symbols.reserveCapacity(bytes.count)
        for b in bytes {
            let id = byteIds[Int(b)]
            if id >= 0 { symbols.append(id) } else if let unkId { symbols.append(unkId) }
        }
        if symbols.count < 2 {
            ids += symbols
            return
        }
        merge(&symbols)
        ids += symbols
    }

    /// Lowest-rank-first merging with a heap over a linked list of symbols: O(n log n).
    private func merge(_ symbols: inout [Int]) {
        let n = symbols.count
        var next = Array(1...n)          // next[i] == n: none
        var prev = Array(-1..<(n - 1))
        var alive = Array(repeating: true, count: n)
        var heap = MergeHeap()
        func push(_ i: Int) {
            let j = next[i]
            guard j < n else { return }
            let key = UInt64(UInt32(symbols[i])) << 32 | UInt64(UInt32(symbols[j]))
            if let m = merges[key] {
                heap.push(MergeCandidate(rank: m.rank, position: Int32(i), left: Int32(symbols[i]), right: Int32(symbols[j]), merged: m.merged))
            }
        }
        for i in 0..<(n - 1) { push(i) }
        while let top = heap.pop() {
            let i = Int(top.position)
            guard alive[i], symbols[i] == Int(top.left) else { continue }
            let j = next[i]
            guard j < n, symbols[j] == Int(top.right) else { continue }
            symbols[i] = Int(top.merged)
            alive[j] = false
            next[i] = next[j]
            if next[j] < n { prev[next[j]] = i }
            if prev[i] >= 0 { push(prev[i]) }
            push(i)
        }
        var out: [Int] = []
        out.reserveCapacity(n)
        var i = 0
        while i < n {
            out.append(symbols[i])
            i = next[i]
        }
        symbols = out
    }
}

struct MergeCandidate {
    var rank: Int32
    var position: Int32
    var left: Int32
    var right: Int32
    var merged: Int32

    @inline(__always) func precedes(_ other: MergeCandidate) -> Bool {
        rank != other.rank ? rank < other.rank : position < other.position
    }
}

/// A binary min-heap of merge candidates.
struct MergeHeap {
    private var items: [MergeCandidate] = []

    mutating func push(_ item: MergeCandidate) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> MergeCandidate? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let l = 2 * parent + 1, r = l + 1
                var best = parent
                if l < items.count, items[l].precedes(items[best]) { best = l }
                if r < items.count, items[r].precedes(items[best]) { best = r }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
        }
        return first
    }
}
