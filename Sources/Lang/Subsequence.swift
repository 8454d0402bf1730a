/// CPython's `find`/`rfind`/`index`/`count`/`startswith`/`endswith` over a sequence (the code points of a
/// str, the bytes of a bytes object), with its `start`/`end` rules: negative indexes count from the end,
/// out-of-range ones are clipped (ADJUST_INDICES), and an empty needle matches at `start` while `start <= len`.
enum Subsequence {
    /// `start` and `end` as CPython adjusts them (`start` is not clipped to the length).
    static func adjust(_ start: Int?, _ end: Int?, count: Int) -> (start: Int, end: Int) {
        var s = start ?? 0, e = end ?? count
        if e > count { e = count } else if e < 0 { e = max(0, e + count) }
        if s < 0 { s = max(0, s + count) }
        return (s, e)
    }

    /// The first (or last) index of `needle` in `hay[start:end]`, counted in `hay`; -1 when absent.
    static func find<T: Equatable>(_ hay: [T], _ needle: [T], start: Int? = nil, end: Int? = nil, reverse: Bool) -> Int {
        let (s, e) = adjust(start, end, count: hay.count)
        guard e - s >= needle.count else { return -1 }
        if needle.isEmpty { return reverse ? e : s }
        let last = e - needle.count
        let positions = stride(from: reverse ? last : s, through: reverse ? s : last, by: reverse ? -1 : 1)
        for i in positions where hay[i] == needle[0] {
            var k = 1
            while k < needle.count && hay[i + k] == needle[k] { k += 1 }
            if k == needle.count { return i }
        }
        return -1
    }

    /// Non-overlapping occurrences of `needle` in `hay[start:end]` (an empty needle: one more than the length).
    static func count<T: Equatable>(_ hay: [T], _ needle: [T], start: Int? = nil, end: Int? = nil) -> Int {
        let (s, e) = adjust(start, end, count: hay.count)
        guard e - s >= needle.count else { return 0 }
        if needle.isEmpty { return e - s + 1 }
        var n = 0, i = s
        while i <= e - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) {
                n += 1
                i += needle.count
            } else {
                i += 1
            }
        }
        return n
    }

    /// Whether `hay[start:end]` starts (or, with `atEnd`, ends) with `affix` (CPython's tailmatch).
    static func tailMatch<T: Equatable>(_ hay: [T], _ affix: [T], start: Int?, end: Int?, atEnd: Bool) -> Bool {
        var (s, e) = adjust(start, end, count: hay.count)
        e -= affix.count
        if e < s { return false }
        if affix.isEmpty { return true }
        let from = atEnd ? e : s
        return hay[from..<(from + affix.count)].elementsEqual(affix)
    }

    /// The optional `start`/`end` arguments of these methods (None means absent; an object with `__index__` counts as an int).
    static func bounds(_ args: Arguments) throws -> (start: Int?, end: Int?) {
        func bound(_ name: String) throws -> Int? {
            let value = args[name]
            if value.isNone { return nil }
            guard let n = value.intValue, value.typeName != "float" else {
                throw ScriptError(.typeError, "slice indices must be integers or None or have an __index__ method")
            }
            return n
        }
        return (try bound("start"), try bound("end"))
    }

    /// The `start`/`end` parameters the methods share.
    static let boundParameters = [Parameter("start", default: Value.none), Parameter("end", default: Value.none)]
}
