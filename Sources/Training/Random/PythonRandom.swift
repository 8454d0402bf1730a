/// Python's `random.Random(seed)`: MT19937 seeded with `init_by_array`, `random()`, `getrandbits`,
/// and `shuffle` exactly as CPython does them. `PythonRandom(seed: 42).permutation(n)` gives the order
/// of `random.Random(42).shuffle(list(range(n)))`, which is how the reference recipe
/// (`shared/bench/ref_train_cls.py`) splits the demo corpus.
public struct PythonRandom: SeededGenerator {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    public init(seed: UInt64) {
        var key: [UInt32] = []
        var rest = seed
        repeat { key.append(UInt32(truncatingIfNeeded: rest)); rest >>= 32 } while rest > 0
        initByArray(key)
    }

    private mutating func initGenrand(_ s: UInt32) {
        state[0] = s
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    private mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    private mutating func twist() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// `genrand_uint32`.
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    public mutating func nextUInt64() -> UInt64 {
        let low = UInt64(nextUInt32())
        return UInt64(nextUInt32()) << 32 | low
    }

    /// `random.random()`: 53 random bits in [0, 1).
    public mutating func random() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `random.getrandbits(k)` for 1 ≤ k ≤ 32.
    public mutating func getrandbits(_ k: Int) -> UInt32 {
        nextUInt32() >> UInt32(32 - min(32, max(1, k)))
    }

    /// `_randbelow(n)`: uniform in `0..<n` by rejection on `n.bit_length()` bits.
    public mutating func randbelow(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bits = Int.bitWidth - n.leadingZeroBitCount
        if bits <= 32 {
            while true { let r = Int(getrandbits(bits)); if r < n { return r } }
        }
        // Wider than 32 bits: CPython concatenates 32-bit words, least significant first.
        while true {
            var r: UInt64 = 0
            var filled = 0
            while filled < bits {
                let take = min(32, bits - filled)
                r |= UInt64(getrandbits(take)) << UInt64(filled)
                filled += take
            }
            if r < UInt64(n) { return Int(r) }
        }
    }

    /// `random.shuffle(list(range(n)))`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var items = Array(0..<max(0, n))
        if items.count > 1 {
            for i in stride(from: items.count - 1, through: 1, by: -1) { items.swapAt(i, randbelow(i + 1)) }
        }
        return items
    }
}
