import Foundation

/// CPython's `random.Random`: MT19937 seeded with `init_by_array` from the integer seed's 32-bit words
/// (as `random.seed(int)` does, sign dropped), and `random()`, `getrandbits`, `randrange`, `randint`,
/// `choice`, `shuffle`, `sample` and `gauss` drawing exactly as CPython 3.11 does, so a seeded
/// sequence matches Python's number for number.
public struct MersenneTwister: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624
    /// `gauss` makes two values per pair of draws and keeps the second for the next call (`gauss_next`).
    private var gaussNext: Double?

    /// `random.Random(seed)` for an integer seed (Python uses its absolute value).
    public init(seed: Int) { self.seed(seed) }

    /// MT19937 seeded with `init_genrand(seed)` alone, as PyTorch's CPU generator (`at::mt19937`) and
    /// numpy's legacy `RandomState` seed it (not CPython's `init_by_array`).
    public init(genrandSeed seed: UInt32) { initGenrand(seed) }

    /// `random.Random(seed)` for a non-negative 64-bit seed.
    public init(seed: UInt64) { self.seed(words: Self.words(of: seed)) }

    /// `random.seed(value)`.
    public mutating func seed(_ value: Int) { seed(words: Self.words(of: UInt64(value.magnitude))) }

    private static func words(of value: UInt64) -> [UInt32] {
        var key: [UInt32] = []
        var rest = value
        repeat {
            key.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        } while rest > 0
        return key
    }

    private mutating func seed(words key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
        index = 624
        gaussNext = nil
    }

    private mutating func initGenrand(_ s: UInt32) {
        state[0] = s
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    private mutating func twist() {
        for k in 0..<624 {
            let y = (state[k] & 0x8000_0000) | (state[(k + 1) % 624] & 0x7FFF_FFFF)
            state[k] = state[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
        }
        index = 0
    }

    /// `genrand_uint32`: the next 32 random bits.
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

    /// Two draws, the first as the low word.
    public mutating func nextUInt64() -> UInt64 {
        let low = UInt64(nextUInt32())
        return UInt64(nextUInt32()) << 32 | low
    }

    /// `random.random()`: 53 random bits as a float in [0, 1).
    public mutating func random() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random.getrandbits(k)` for 0 ≤ k ≤ 64: 32-bit words least significant first, the last one
    /// shifted down to the bits still wanted. `getrandbits(0)` is 0 and draws nothing.
    public mutating func getrandbits(_ k: Int) -> UInt64 {
        let wanted = min(64, max(0, k))
        var result: UInt64 = 0
        var filled = 0
        while filled < wanted {
            let take = min(32, wanted - filled)
            result |= UInt64(nextUInt32() >> UInt32(32 - take)) << UInt64(filled)
            filled += take
        }
        return result
    }

    /// `_randbelow(n)`: uniform in `0..<n` by rejection on `n.bit_length()` bits (0 for n ≤ 0).
    public mutating func randbelow(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        let bits = Int.bitWidth - n.leadingZeroBitCount
        while true {
            let r = getrandbits(bits)
            if r < UInt64(n) { return Int(r) }
        }
    }

    /// `random.randrange(start, stop)` for `stop > start` (the caller reports an empty range).
    public mutating func randrange(_ start: Int, _ stop: Int) -> Int {
        start + randbelow(stop - start)
    }

    /// `random.randint(a, b)`, both ends included (`b >= a`).
    public mutating func randint(_ a: Int, _ b: Int) -> Int { a + randbelow(b - a + 1) }

    /// `random.uniform(a, b)`.
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * random() }

    /// `random.shuffle(x)` applied to `items` in place.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) { items.swapAt(i, randbelow(i + 1)) }
    }

    /// `random.shuffle(list(range(n)))`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var items = Array(0..<max(0, n))
        shuffle(&items)
        return items
    }

    /// The positions `random.sample(population, k)` picks from a population of `n` (0 ≤ k ≤ n), in
    /// order. CPython swaps through a pool when the population is small and rejects repeats from a set
    /// otherwise; both are reproduced, so the draws match.
    public mutating func sampleIndices(populationSize n: Int, count k: Int) -> [Int] {
        var setSize = 21
        if k > 5 {
            setSize += Int(pow(4.0, ceil(log(Double(k * 3)) / log(4.0))))
        }
        var result: [Int] = []
        result.reserveCapacity(k)
        if n <= setSize {
            var pool = Array(0..<n)
            for i in 0..<k {
                let j = randbelow(n - i)
                result.append(pool[j])
                pool[j] = pool[n - i - 1]
            }
        } else {
            var selected = Set<Int>()
            for _ in 0..<k {
                var j = randbelow(n)
                while selected.contains(j) { j = randbelow(n) }
                selected.insert(j)
                result.append(j)
            }
        }
        return result
    }

    /// `random.gauss(mu, sigma)` (Box–Muller, keeping the second value for the next call as CPython does).
    public mutating func gauss(mu: Double = 0, sigma: Double = 1) -> Double {
        let z: Double
        if let next = gaussNext {
            z = next
            gaussNext = nil
        } else {
            let x2pi = random() * 2 * Double.pi
            let g2rad = (-2.0 * log(1.0 - random())).squareRoot()
            z = cos(x2pi) * g2rad
            gaussNext = sin(x2pi) * g2rad
        }
        return mu + z * sigma
    }
}
