import Foundation

/// The one seeded random generator of lorarepl (xoshiro256**, seeded through splitmix64).
/// Same seed → same sequence on every machine and run. A reference type so that a model,
/// its dropout layers and a data loader can share one stream; save and restore its state for
/// checkpoints with `state` / `restore(_:)`.
public final class RandomGenerator: RandomNumberGenerator {
    private var stream: Xoshiro256StarStar

    /// The generator's full state (four words), for checkpoints.
    public struct State: Codable, Equatable {
        public var words: [UInt64]
        public init(words: [UInt64]) { self.words = words }
    }

    /// A generator seeded with `seed`.
    public init(seed: UInt64) { stream = Xoshiro256StarStar(seed: seed) }

    /// Next 64 random bits.
    public func next() -> UInt64 { stream.next() }

    /// Uniform in [0, 1) with 24 random bits (every value exactly representable as Float).
    public func nextUniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }

    /// Uniform in [0, 1) with 53 random bits.
    public func nextUniformDouble() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// Standard normal (Box–Muller in Double; one draw uses two uniforms, nothing is cached).
    public func nextNormal() -> Double {
        let u1 = 1 - nextUniformDouble()  // (0, 1]
        let u2 = nextUniformDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniformly random integer in `0..<bound` (bound > 0).
    public func nextInt(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        let threshold = (0 &- range) % range  // reject the low values that would bias the modulo
        while true {
            let value = next()
            if value >= threshold { return Int(value % range) }
        }
    }

    /// Fisher–Yates shuffle of `0..<count` (for data loaders).
    public func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<Swift.max(count, 0))
        var index = order.count - 1
        while index > 0 {
            order.swapAt(index, nextInt(below: index + 1))
            index -= 1
        }
        return order
    }

    /// The current state.
    public var state: State { let w = stream.words; return State(words: [w.0, w.1, w.2, w.3]) }

    /// Continues from a saved state.
    public func restore(_ state: State) throws {
        guard state.words.count == 4, state.words.contains(where: { $0 != 0 }) else {
            throw TensorError("random generator state must be four words, not all zero",
                              help: "pass a state saved from RandomGenerator.state")
        }
        stream = Xoshiro256StarStar(words: (state.words[0], state.words[1], state.words[2], state.words[3]))
    }
}

/// xoshiro256** seeded through splitmix64: the sequence of `RandomGenerator`, as a value type so the
/// dropout inner loop keeps the four words in registers (the class's state lives on the heap behind
/// dynamic exclusivity checks, which made mask generation ~6% of a MiniLM LoRA step).
struct Xoshiro256StarStar {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    @inline(__always)
    init(seed: UInt64) {
        var mixer = seed
        @inline(__always) func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// Continues from four saved state words.
    init(words: (UInt64, UInt64, UInt64, UInt64)) { (s0, s1, s2, s3) = words }

    @inline(__always)
    mutating func next() -> UInt64 {
        let x = s1 &* 5
        let result = ((x << 7) | (x >> 57)) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// The four state words.
    var words: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    /// Uniform in [0, 1) with 24 bits, as `RandomGenerator.nextUniform()`.
    @inline(__always)
    mutating func nextUniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }
}
