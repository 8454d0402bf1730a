/// The backtracking matcher: runs a `RegexProgram` over code points with an explicit backtrack stack
/// (no recursion per character, so long texts cannot overflow the call stack) and a step budget
/// per attempt at one start position (`RegexLimits.maxSteps`), so a pathological pattern fails with a clear error instead of hanging.
struct RegexMatcher {
    private enum Backtrack {
        case branch(pc: Int, position: Int)
        case restore(slot: Int, value: Int)
        /// A greedy run that can still give back characters: `count` matched, at least `min` kept.
        case greedyRun(pc: Int, base: Int, count: Int, min: Int)
        /// A lazy run that can still take more characters (up to `max`).
        case lazyRun(pc: Int, base: Int, count: Int, max: Int, matcher: Int)
    }

    let program: RegexProgram
    let text: [UInt32]
    /// The end of the text as matching sees it (`endpos`).
    let end: Int
    var slots: [Int]
    private var steps = 0
    /// The choices to come back to, shared by every attempt (and by nested runs, each above the
    /// entries of the run that started it), so trying a start position allocates nothing.
    private var stack: [Backtrack] = []

    init(program: RegexProgram, text: [UInt32], end: Int) {
        self.program = program
        self.text = text
        self.end = end
        slots = [Int](repeating: -1, count: program.slotCount)
    }

    /// Conditions on the top-level match: `fullmatch` needs the match to reach `end`; after an empty
    /// match, the next one may not be empty at the same place (CPython's `must_advance`).
    struct Goal {
        var mustReachEnd = false
        var notEmptyAt: Int? = nil
    }

    /// Tries a match starting exactly at `start`; on success `slots` holds the captures.
    mutating func match(at start: Int, goal: Goal) throws(RegexError) -> Bool {
        for i in slots.indices { slots[i] = -1 }
        steps = 0
        return try run(pc: 0, position: start, start: start, goal: goal, requiredEnd: nil) != nil
    }

    private mutating func step() throws(RegexError) {
        steps &+= 1
        if steps > RegexLimits.maxSteps {
            throw RegexError("the pattern needed more than \(RegexLimits.maxSteps) backtracking steps on this text (catastrophic backtracking)",
                             position: nil, kind: .tooManySteps)
        }
    }

    /// Whether the single-character instruction at `pc` accepts `c`.
    func accepts(_ pc: Int, _ c: UInt32) -> Bool {
        switch program.instructions[pc] {
        case .char(let x): return c == x
        case .charFolded(let x): return RegexCharacters.equalIgnoringCase(c, x)
        case .anyButNewline: return c != 0x0A
        case .anyChar: return true
        case .set(let i): return c < 128 ? program.asciiSets[i].contains(c) : program.sets[i].contains(c)
        case .setFolded(let i): return c < 128 ? program.asciiFoldedSets[i].contains(c) : program.sets[i].containsIgnoringCase(c)
        default: return false
        }
    }

    private func isWord(at position: Int, ascii: Bool) -> Bool {
        position >= 0 && position < end && RegexCharacters.isWord(text[position], ascii: ascii)
    }

    private func holds(_ assertion: RegexAssertion, at p: Int) -> Bool {
        switch assertion {
        case .lineStart(let multiline): return p == 0 || (multiline && p <= end && text[p - 1] == 0x0A)
        case .lineEnd(let multiline):
            if p == end { return true }
            if multiline { return text[p] == 0x0A }
            return p == end - 1 && text[p] == 0x0A
        case .textStart: return p == 0
        case .textEnd: return p == end
        case .wordBoundary(let ascii): return isWord(at: p - 1, ascii: ascii) != isWord(at: p, ascii: ascii)
        case .notWordBoundary(let ascii): return isWord(at: p - 1, ascii: ascii) == isWord(at: p, ascii: ascii)
        }
    }

    /// Runs from `pc` until a `succeed`; returns the end position, or nil when every path failed.
    /// Slots changed on the successful path stay changed; on failure they are restored.
    private mutating func run(pc startPC: Int, position startPosition: Int, start: Int, goal: Goal?, requiredEnd: Int?) throws(RegexError) -> Int? {
        let floor = stack.count
        defer { stack.removeSubrange(floor...) }
        var pc = startPC
        var p = startPosition

        while true {
            try step()
            var failed = false
            switch program.instructions[pc] {
            case .char, .charFolded, .anyButNewline, .anyChar, .set, .setFolded:
                if p < end && accepts(pc, text[p]) { p += 1; pc += 1 } else { failed = true }
            case .split(let first, let second):
                stack.append(.branch(pc: second, position: p))
                pc = first
            case .jump(let target):
                pc = target
            case .save(let slot):
                stack.append(.restore(slot: slot, value: slots[slot]))
                slots[slot] = p
                pc += 1
            case .assertion(let assertion):
                if holds(assertion, at: p) { pc += 1 } else { failed = true }
            case .backreference(let group, let ignoreCase):
                let s = slots[2 * group], e = slots[2 * group + 1]
                if s < 0 || e < 0 || p + (e - s) > end {
                    failed = true
                } else {
                    var k = 0
                    while k < e - s {
                        let a = text[s + k], b = text[p + k]
                        if a != b && !(ignoreCase && RegexCharacters.equalIgnoringCase(a, b)) { break }
                        k += 1
                    }
                    if k == e - s { p += k; pc += 1 } else { failed = true }
                }
            case .lookaround(let subStart, let subEnd, let ahead, let negated, let width):
                let from = ahead ? p : p - width
                var matched = false
                let saved = slots
                if from >= 0 {
                    matched = try run(pc: subStart, position: from, start: from, goal: nil, requiredEnd: ahead ? nil : p) != nil
                }
                if matched == negated {
                    slots = saved
                    failed = true
                } else {
                    if negated { slots = saved }
                    for i in slots.indices where slots[i] != saved[i] { stack.append(.restore(slot: i, value: saved[i])) }
                    pc = subEnd
                }
            case .atomic(let subStart, let subEnd):
                let saved = slots
                if let newPosition = try run(pc: subStart, position: p, start: p, goal: nil, requiredEnd: nil) {
                    for i in slots.indices where slots[i] != saved[i] { stack.append(.restore(slot: i, value: saved[i])) }
                    p = newPosition
                    pc = subEnd
                } else {
                    failed = true
                }
            case .condition(let group, let no):
                pc = slots[2 * group] >= 0 && slots[2 * group + 1] >= 0 ? pc + 1 : no
            case .loopBack(let mark, let loop):
                pc = p == slots[mark] ? pc + 1 : loop
            case .run(let matcher, let min, let max, let greedy):
                if greedy {
                    var count = 0
                    while count < max, p + count < end, accepts(matcher, text[p + count]) { count += 1 }
                    if count < min {
                        failed = true
                    } else {
                        steps &+= count / 8
                        if count > min { stack.append(.greedyRun(pc: pc + 2, base: p, count: count - 1, min: min)) }
                        p += count
                        pc += 2
                    }
                } else {
                    var count = 0
                    while count < min, p + count < end, accepts(matcher, text[p + count]) { count += 1 }
                    if count < min {
                        failed = true
                    } else {
                        if count < max { stack.append(.lazyRun(pc: pc + 2, base: p, count: count, max: max, matcher: matcher)) }
                        p += count
                        pc += 2
                    }
                }
            case .succeed:
                var accepted = true
                if let requiredEnd, p != requiredEnd { accepted = false }
                if let goal {
                    if goal.mustReachEnd && p != end { accepted = false }
                    if let at = goal.notEmptyAt, p == start, start == at { accepted = false }
                }
                if accepted { return p }
                failed = true
            }
            guard failed else { continue }
            // Backtrack to the most recent choice, undoing slot changes on the way.
            var resumed = false
            while stack.count > floor, let entry = stack.popLast() {
                try step()
                switch entry {
                case .restore(let slot, let value):
                    slots[slot] = value
                case .branch(let target, let position):
                    pc = target
                    p = position
                    resumed = true
                case .greedyRun(let target, let base, let count, let min):
                    if count > min { stack.append(.greedyRun(pc: target, base: base, count: count - 1, min: min)) }
                    pc = target
                    p = base + count
                    resumed = true
                case .lazyRun(let target, let base, let count, let max, let matcher):
                    if base + count < end && accepts(matcher, text[base + count]) {
                        if count + 1 < max { stack.append(.lazyRun(pc: target, base: base, count: count + 1, max: max, matcher: matcher)) }
                        pc = target
                        p = base + count + 1
                        resumed = true
                    }
                }
                if resumed { break }
            }
            if !resumed { return nil }
        }
    }
}
