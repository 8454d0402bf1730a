/// MT19937, seeded exactly as CPython's `random.seed(int)`, so seeded sequences match Python's.
struct MersenneTwister {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 625

    init(seed: Int) { self.seed(seed) }

    /// CPython: init_by_array with the 32-bit words of |seed|.
    mutating func seed(_ value: Int) {
        var key: [UInt32] = []
        var n = value.magnitude
        repeat {
            key.append(UInt32(truncatingIfNeeded: n))
            n >>= 32
        } while n > 0
        initGenrand(19650218)
        var i = 1, j = 0
        for _ in 0..<Swift.max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1664525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
        index = 624
    }

    private mutating func initGenrand(_ s: UInt32) {
        state[0] = s
        for i in 1..<624 {
            state[i] = 1812433253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    mutating func next32() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7fff_ffff)
                state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_b0df : 0)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// random.random(): 53-bit float in [0, 1).
    mutating func nextDouble() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// getrandbits(k) for k <= 64.
    mutating func bits(_ k: Int) -> UInt64 {
        if k <= 32 { return UInt64(next32() >> (32 - UInt32(k))) }
        let low = UInt64(next32())
        let high = UInt64(next32() >> (64 - UInt32(k)))
        return (high << 32) | low
    }

    /// CPython's _randbelow(n): rejection sampling on getrandbits(n.bit_length()).
    mutating func below(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = Int(bits(k))
        while r >= n { r = Int(bits(k)) }
        return r
    }
}

/// `import random`: seeded like Python, so `random.seed(42); random.random()` gives Python's number.
enum RandomModule {
    static let table = ModuleTable(name: "random", doc: "Pseudo-random numbers (Mersenne Twister, same sequences as Python).", builtins: [
        Builtin("seed", owner: "random", [Parameter("a", .int, default: .int(0))], doc: "Reset the generator.",
                example: "random.seed(42)") { args in
            args.context.interpreter.random.seed(try args.int("a"))
            return .none
        },
        Builtin("random", owner: "random", doc: "A float in [0, 1).", example: "random.random()") { args in
            .float(args.context.interpreter.random.nextDouble())
        },
        Builtin("uniform", owner: "random", [Parameter("a", .number), Parameter("b", .number)], doc: "A float between a and b.",
                example: "random.uniform(-1, 1)") { args in
            let a = try args.double("a"), b = try args.double("b")
            return .float(a + (b - a) * args.context.interpreter.random.nextDouble())
        },
        Builtin("randint", owner: "random", [Parameter("a", .int), Parameter("b", .int)], doc: "An int in [a, b], both included.",
                example: "random.randint(1, 6)") { args in
            let a = try args.int("a"), b = try args.int("b")
            if b < a { throw ScriptError(.valueError, "empty range for randint(\(a), \(b))") }
            return .int(a + args.context.interpreter.random.below(b - a + 1))
        },
        Builtin("randrange", owner: "random", [Parameter("start", .int), Parameter.optional("stop", .int)],
                doc: "An int from range(start, stop).", example: "random.randrange(10)") { args in
            var start = try args.int("start")
            var stop = 0
            if let s = try args.optionalInt("stop") { stop = s } else { stop = start; start = 0 }
            if stop <= start { throw ScriptError(.valueError, "empty range for randrange(\(start), \(stop))") }
            return .int(start + args.context.interpreter.random.below(stop - start))
        },
        Builtin("choice", owner: "random", [Parameter("seq", .sequence)], doc: "A random item.", example: "random.choice(['a', 'b'])") { args in
            let items = try args.list("seq")
            if items.isEmpty { throw ScriptError(.indexError, "Cannot choose from an empty sequence") }
            return items[args.context.interpreter.random.below(items.count)]
        },
        Builtin("shuffle", owner: "random", [Parameter("x", .list)], doc: "Shuffle a list in place.", example: "random.shuffle(items)") { args in
            guard case .list(let list) = args["x"] else { return .none }
            var i = list.items.count - 1
            while i > 0 {
                let j = args.context.interpreter.random.below(i + 1)
                list.items.swapAt(i, j)
                i -= 1
            }
            return .none
        },
        Builtin("sample", owner: "random", [Parameter("population"), Parameter("k", .int)],
                doc: "k distinct items, in random order.", example: "random.sample(range(10), 3)") { args in
            var pool = try args.context.items(of: args["population"])
            let k = try args.int("k")
            if k < 0 || k > pool.count { throw ScriptError(.valueError, "Sample larger than population or is negative") }
            var result: [Value] = []
            for i in 0..<k {
                let j = args.context.interpreter.random.below(pool.count - i)
                result.append(pool[j])
                pool[j] = pool[pool.count - i - 1]
            }
            return .list(ListObject(result))
        },
        Builtin("gauss", owner: "random", [Parameter("mu", .number, default: .float(0)), Parameter("sigma", .number, default: .float(1))],
                doc: "A normally distributed float.", example: "random.gauss(0, 1)") { args in
            let random = { args.context.interpreter.random.nextDouble() }
            let x2pi = random() * 2 * Double.pi
            let g2rad = (-2.0 * log(1.0 - random())).squareRoot()
            return .float(try args.double("mu") + cos(x2pi) * g2rad * (try args.double("sigma")))
        },
    ])
}

import Foundation
