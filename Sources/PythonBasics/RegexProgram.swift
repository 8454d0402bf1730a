/// The compiled form of a pattern: a flat list of instructions for the backtracking matcher
/// (`RegexMatcher`). Counted repeats are unrolled; runs of one character class (`\s+`, `.*`) get a
/// dedicated instruction that scans forward and gives characters back one at a time.
enum RegexInstruction {
    case char(UInt32)
    case charFolded(UInt32)
    /// `.` without DOTALL.
    case anyButNewline
    case anyChar
    case set(Int)
    case setFolded(Int)
    /// Try `first`; on failure come back and try `second`.
    case split(Int, Int)
    case jump(Int)
    /// Record the position in a capture or mark slot.
    case save(Int)
    case assertion(RegexAssertion)
    case backreference(Int, ignoreCase: Bool)
    /// A sub-program `[start, end)` run on its own; matching continues at `end`.
    case lookaround(start: Int, end: Int, ahead: Bool, negated: Bool, width: Int)
    case atomic(start: Int, end: Int)
    /// `(?(n)yes|no)`: fall through when group n is set, else jump to `no`.
    case condition(group: Int, no: Int)
    /// End of one pass of a loop whose body can match empty: exit when no character was consumed.
    case loopBack(mark: Int, loop: Int)
    /// `x{min,max}` of a single-character matcher (instruction `matcher`).
    case run(matcher: Int, min: Int, max: Int, greedy: Bool)
    case succeed
}

struct RegexProgram {
    var instructions: [RegexInstruction] = []
    var sets: [RegexCharSet] = []
    /// For each set, which ASCII characters it accepts (as `set` and as `setFolded` would), so the
    /// matcher tests an ASCII character with one bit instead of walking the class's ranges.
    private(set) var asciiSets: [AsciiMap] = []
    private(set) var asciiFoldedSets: [AsciiMap] = []
    /// A single-character instruction every match must begin with (after its `save`s), or nil: a
    /// search skips the positions whose character it rejects without starting the matcher there.
    private(set) var firstMatcher: Int?
    /// Capture slots (2 per group, group 0 included) followed by loop marks.
    var slotCount = 0
    let groupCount: Int

    init(_ root: RegexNode, groupCount: Int) throws(RegexError) {
        self.groupCount = groupCount
        slotCount = 2 * (groupCount + 1)
        emit(.save(0))
        try compile(root)
        emit(.save(1))
        emit(.succeed)
        // An ASCII character's case variants are ASCII, so these maps are exact for c < 128.
        asciiSets = sets.map { set in AsciiMap { set.contains($0) } }
        asciiFoldedSets = sets.map { set in AsciiMap { set.containsIgnoringCase($0) } }
        firstMatcher = requiredFirstMatcher()
    }

    /// The instruction of `firstMatcher`: the first non-`save` instruction when it consumes one
    /// character, or a run of at least one.
    private func requiredFirstMatcher() -> Int? {
        var pc = 0
        while pc < instructions.count, case .save = instructions[pc] { pc += 1 }
        guard pc < instructions.count else { return nil }
        switch instructions[pc] {
        case .char, .charFolded, .anyButNewline, .anyChar, .set, .setFolded: return pc
        case .run(let matcher, let min, _, _): return min >= 1 ? matcher : nil
        default: return nil
        }
    }

    @discardableResult
    private mutating func emit(_ instruction: RegexInstruction) -> Int {
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func checkSize() throws(RegexError) {
        if instructions.count > RegexLimits.maxProgram {
            throw RegexError("pattern too large: its repeats unroll to more than \(RegexLimits.maxProgram) steps", position: nil, kind: .tooLarge)
        }
    }

    /// The one-character matcher for a node, or nil when it is not a single-character node.
    private mutating func singleCharacter(_ node: RegexNode) -> RegexInstruction? {
        switch node {
        case .literal(let c, let ignoreCase):
            let folds = ignoreCase && (RegexCharacters.lower(c) != c || RegexCharacters.upper(c) != c)
            return folds ? .charFolded(c) : .char(c)
        case .any(let dotAll): return dotAll ? .anyChar : .anyButNewline
        case .set(let set, let ignoreCase):
            sets.append(set)
            return ignoreCase ? .setFolded(sets.count - 1) : .set(sets.count - 1)
        case .group(nil, let body): return singleCharacter(body)
        default: return nil
        }
    }

    private mutating func compile(_ node: RegexNode) throws(RegexError) {
        try checkSize()
        switch node {
        case .empty: break
        case .literal, .any, .set:
            if let instruction = singleCharacter(node) { emit(instruction) }
        case .sequence(let items):
            for item in items { try compile(item) }
        case .alternation(let branches):
            var jumpsToEnd: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = emit(.split(0, 0))
                    try compile(branch)
                    jumpsToEnd.append(emit(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try compile(branch)
                }
            }
            for j in jumpsToEnd { instructions[j] = .jump(instructions.count) }
        case .group(let number, let body):
            if let number { emit(.save(2 * number)) }
            try compile(body)
            if let number { emit(.save(2 * number + 1)) }
        case .repetition(let body, let min, let max, let greedy, let possessive):
            if possessive {
                try compileSubprogram { (p: inout RegexProgram) throws(RegexError) in
                    try p.compile(.repetition(body, min: min, max: max, greedy: greedy, possessive: false))
                } wrap: { .atomic(start: $0, end: $1) }
                return
            }
            try compileRepetition(body, min: min, max: max, greedy: greedy)
        case .assertion(let assertion):
            emit(.assertion(assertion))
        case .backreference(let number, let ignoreCase):
            emit(.backreference(number, ignoreCase: ignoreCase))
        case .lookaround(let body, let ahead, let negated):
            let width = ahead ? 0 : (RegexWidth.fixed(body) ?? 0)
            try compileSubprogram { (p: inout RegexProgram) throws(RegexError) in try p.compile(body) } wrap: {
                .lookaround(start: $0, end: $1, ahead: ahead, negated: negated, width: width)
            }
        case .atomic(let body):
            try compileSubprogram { (p: inout RegexProgram) throws(RegexError) in try p.compile(body) } wrap: { .atomic(start: $0, end: $1) }
        case .conditional(let group, let yes, let no):
            let test = emit(.condition(group: group, no: 0))
            try compile(yes)
            let skip = emit(.jump(0))
            instructions[test] = .condition(group: group, no: instructions.count)
            try compile(no)
            instructions[skip] = .jump(instructions.count)
        }
    }

    /// Emits `wrap(start, end)` followed by the sub-program and its `succeed`; matching continues after it.
    private mutating func compileSubprogram(_ body: (inout RegexProgram) throws(RegexError) -> Void,
                                            wrap: (Int, Int) -> RegexInstruction) throws(RegexError) {
        let header = emit(.succeed)
        try body(&self)
        emit(.succeed)
        instructions[header] = wrap(header + 1, instructions.count)
    }

    private mutating func compileRepetition(_ body: RegexNode, min: Int, max: Int?, greedy: Bool) throws(RegexError) {
        if let matcher = singleCharacter(body) {
            // Layout: [run] [matcher]; matching continues at run + 2.
            let run = emit(.succeed)
            emit(matcher)
            instructions[run] = .run(matcher: run + 1, min: min, max: max ?? Int.max, greedy: greedy)
            return
        }
        for _ in 0..<min {
            try compile(body)
        }
        guard let max else {
            // Unbounded: L: split(body, exit); body; back to L (with the progress check if body can be empty).
            let nullable = RegexWidth.canBeEmpty(body)
            let loop = emit(.split(0, 0))
            var mark = 0
            if nullable {
                mark = slotCount
                slotCount += 1
                emit(.save(mark))
            }
            try compile(body)
            if nullable { emit(.loopBack(mark: mark, loop: loop)) } else { emit(.jump(loop)) }
            let exit = instructions.count
            instructions[loop] = greedy ? .split(loop + 1, exit) : .split(exit, loop + 1)
            return
        }
        // Bounded: (max - min) nested optional copies, each skipping to the common end.
        var splits: [Int] = []
        for _ in min..<max {
            splits.append(emit(.split(0, 0)))
            try compile(body)
            try checkSize()
        }
        let end = instructions.count
        for s in splits { instructions[s] = greedy ? .split(s + 1, end) : .split(end, s + 1) }
    }
}

/// The ASCII characters (0–127) a character class accepts, one bit each.
struct AsciiMap {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(_ accepts: (UInt32) -> Bool) {
        for c in UInt32(0)..<128 where accepts(c) {
            if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
        }
    }

    /// Whether ASCII character `c` (below 128) is accepted.
    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        c < 64 ? low & (1 << UInt64(c)) != 0 : high & (1 << UInt64(c &- 64)) != 0
    }
}
