/// numpy's `PCG64` bit generator (XSL-RR 128/64) seeded through numpy's `SeedSequence`:
/// `NumpyPCG64(seed: 42)` draws the same raw numbers as `numpy.random.default_rng(42)`.
public struct NumpyPCG64: SeededGenerator {
    private static let multiplier = UInt128(0x2360_ED05_1FC6_5DA4) << 64 | UInt128(0x4385_DF64_9FCC_F645)
    private var state: UInt128
    private var increment: UInt128
    private var bufferedHalf: UInt32? = nil

    public init(seed: UInt64) {
        let words = SeedSequence(entropy: seed).generateState64(count: 4)
        self.init(state: UInt128(words[0]) << 64 | UInt128(words[1]),
                  sequence: UInt128(words[2]) << 64 | UInt128(words[3]))
    }

    /// PCG's `srandom_r(initstate, initseq)`.
    public init(state initialState: UInt128, sequence: UInt128) {
        state = 0
        increment = (sequence << 1) | 1
        step()
        state = state &+ initialState
        step()
    }

    private mutating func step() { state = state &* Self.multiplier &+ increment }

    public mutating func nextUInt64() -> UInt64 {
        step()
        let high = UInt64(truncatingIfNeeded: state >> 64)
        let low = UInt64(truncatingIfNeeded: state)
        let rotation = UInt64(truncatingIfNeeded: state >> 122)
        return (high ^ low).rotatedRight(by: rotation)
    }

    /// numpy hands out the low half of a 64-bit draw, then the high half on the next call.
    public mutating func nextUInt32() -> UInt32 {
        if let half = bufferedHalf { bufferedHalf = nil; return half }
        let next = nextUInt64()
        bufferedHalf = UInt32(truncatingIfNeeded: next >> 32)
        return UInt32(truncatingIfNeeded: next)
    }
}

extension UInt64 {
    func rotatedRight(by amount: UInt64) -> UInt64 {
        let r = amount & 63
        return r == 0 ? self : (self >> r) | (self << (64 - r))
    }
}

/// numpy's `SeedSequence` (entropy pool of 4 words, hashmix mixing) for a single integer seed.
struct SeedSequence {
    private static let initA: UInt32 = 0x43b0_d7e5, multA: UInt32 = 0x931e_8875
    private static let initB: UInt32 = 0x8b51_f9dd, multB: UInt32 = 0x58f3_8ded
    private static let mixMultL: UInt32 = 0xca01_f9dd, mixMultR: UInt32 = 0x4973_f715
    private static let poolSize = 4
    private var pool: [UInt32]

    init(entropy: UInt64) {
        // The integer is split into 32-bit words, least significant first (0 → [0]).
        var words: [UInt32] = []
        var rest = entropy
        repeat { words.append(UInt32(truncatingIfNeeded: rest)); rest >>= 32 } while rest > 0
        pool = Array(repeating: 0, count: Self.poolSize)
        var hashConst = Self.initA
        func hashmix(_ value: UInt32) -> UInt32 {
            var v = value ^ hashConst
            hashConst = hashConst &* Self.multA
            v = v &* hashConst
            return v ^ (v >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = (Self.mixMultL &* x) &- (Self.mixMultR &* y)
            return r ^ (r >> 16)
        }
        for i in 0..<Self.poolSize { pool[i] = hashmix(i < words.count ? words[i] : 0) }
        for src in 0..<Self.poolSize {
            for dst in 0..<Self.poolSize where src != dst { pool[dst] = mix(pool[dst], hashmix(pool[src])) }
        }
        if words.count > Self.poolSize {
            for src in Self.poolSize..<words.count {
                for dst in 0..<Self.poolSize { pool[dst] = mix(pool[dst], hashmix(words[src])) }
            }
        }
    }

    /// `generate_state(count, np.uint32)`.
    func generateState32(count: Int) -> [UInt32] {
        var hashConst = Self.initB
        var out: [UInt32] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            var v = pool[i % pool.count] ^ hashConst
            hashConst = hashConst &* Self.multB
            v = v &* hashConst
            out.append(v ^ (v >> 16))
        }
        return out
    }

    /// `generate_state(count, np.uint64)`: pairs of 32-bit words, little-endian.
    func generateState64(count: Int) -> [UInt64] {
        let words = generateState32(count: count * 2)
        return (0..<count).map { UInt64(words[2 * $0]) | UInt64(words[2 * $0 + 1]) << 32 }
    }
}
