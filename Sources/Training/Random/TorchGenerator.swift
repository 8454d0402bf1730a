import Foundation
import PythonBasics

/// PyTorch's CPU generator (`at::mt19937`, `torch.Generator().manual_seed(seed)`): MT19937 seeded with
/// `init_genrand` from the low 32 bits of the seed; `nextUInt32()` is one draw (`random()`), `nextUInt64()`
/// two draws with the high word first (`random64()`), and `permutation(n)` is `torch.randperm(n, generator=g)`.
///
/// The Trainer shuffles with it as transformers + accelerate do (epoch `e` is `randperm(n)` from a generator
/// seeded with `data_seed or seed` + `e`), and the `torch` bindings build `torch.randperm`, `DataLoader`
/// shuffling and `torch.manual_seed` on it.
public struct TorchGenerator: SeededGenerator {
    private var engine: MersenneTwister
    /// The seed last given (`g.initial_seed()`).
    public private(set) var seed: UInt64
    /// The second value of the last Box–Muller pair of a scalar normal draw, which PyTorch keeps in the
    /// generator (`next_double_normal_sample`) and returns on the next one; reseeding clears it.
    private var cachedNormal: Double?

    public init(seed: UInt64) {
        self.seed = seed
        engine = MersenneTwister(genrandSeed: UInt32(truncatingIfNeeded: seed))
    }

    /// `g.manual_seed(seed)`: restarts the stream.
    public mutating func reseed(_ seed: UInt64) { self = TorchGenerator(seed: seed) }

    /// One tempered 32-bit output (`random()`).
    public mutating func nextUInt32() -> UInt32 { engine.nextUInt32() }

    /// Two draws, the high word first (`random64()`).
    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(truncatingIfNeeded: nextUInt32())
        return high << 32 | UInt64(truncatingIfNeeded: nextUInt32())
    }

    /// `torch.randperm(n, generator=g)` on the CPU: Fisher–Yates from the front, `random() % (n - i)`
    /// (`random64()` once `n` reaches `UInt32.max / 20`, as ATen does).
    public mutating func permutation(_ n: Int) -> [Int] {
        var result = Array(0..<max(0, n))
        guard n > 1 else { return result }
        let wide = n >= Int(truncatingIfNeeded: UInt32.max / 20)
        for i in 0..<(n - 1) {
            let draw = wide ? nextUInt64() : UInt64(truncatingIfNeeded: nextUInt32())
            result.swapAt(i, i + Int(truncatingIfNeeded: draw % UInt64(truncatingIfNeeded: n - i)))
        }
        return result
    }

    /// `int(torch.empty((), dtype=torch.int64).random_().item())`: a seed for a fresh generator
    /// (how an unseeded `DataLoader(shuffle=True)` seeds its sampler).
    public mutating func randomInt64() -> UInt64 { nextUInt64() % ((1 as UInt64) << 63) }

    /// `torch.randint(low, high)`: `low + random() % range` for a range that fits in 32 bits, else `random64()`.
    /// The caller checks `high > low`; the difference and the sum wrap instead of trapping at the Int limits.
    public mutating func randint(low: Int, high: Int) -> Int {
        let range = UInt64(bitPattern: Int64(truncatingIfNeeded: high &- low))
        let draw = range <= UInt64(truncatingIfNeeded: UInt32.max) ? UInt64(truncatingIfNeeded: nextUInt32()) : nextUInt64()
        return low &+ Int(truncatingIfNeeded: draw % range)
    }

    /// A float32 uniform in [0, 1): 24 bits of one draw (`uniform_real_distribution<float>`, `torch.rand`).
    public mutating func uniformFloat() -> Float { Float(nextUInt32() & 0xFF_FFFF) * (1 / Float(1 << 24)) }

    /// A double uniform in [0, 1): 53 bits of `random64()` (`uniform_real_distribution<double>`).
    public mutating func uniformDouble() -> Double { Double(nextUInt64() & ((1 << 53) - 1)) * (1 / Double(1 << 53)) }

    /// `at::normal_distribution<double>`: Box–Muller on two double uniforms, `r·cos θ` returned and `r·sin θ`
    /// kept for the next call.
    public mutating func normalDouble() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = uniformDouble(), u2 = uniformDouble()
        let radius = (-2 * Foundation.log1p(-u2)).squareRoot(), theta = 2 * Double.pi * u1
        cachedNormal = radius * Foundation.sin(theta)
        return radius * Foundation.cos(theta)
    }

    /// `torch.rand(count)` (float32): one draw per value.
    public mutating func rand(count: Int) -> [Float] { (0..<max(0, count)).map { _ in uniformFloat() } }

    /// `torch.randn(count)` (float32, contiguous) as PyTorch's CPU kernel draws it: fewer than 16 values are
    /// scalar normal draws (with the cached pair value); 16 or more are `normal_fill` — all uniforms first, then
    /// Box–Muller over blocks of 16 (value `j` pairs with `j + 8`), the last partial block redrawn as the final
    /// 16 values. PyTorch computes the block's log/cos/sin in float32 (AVX2 Sleef, 1 ulp), so values agree
    /// within a few 1e-7.
    public mutating func randn(count: Int) -> [Float] {
        let n = max(0, count)
        if n < 16 { return (0..<n).map { _ in Float(normalDouble()) } }
        var data = (0..<n).map { _ in uniformFloat() }
        func fill16(_ offset: Int) {
            for j in 0..<8 {
                let u1 = Double(1 - data[offset + j]), u2 = Double(data[offset + j + 8])
                let radius = (-2 * Foundation.log(u1)).squareRoot(), theta = 2 * Double.pi * u2
                data[offset + j] = Float(radius * Foundation.cos(theta))
                data[offset + j + 8] = Float(radius * Foundation.sin(theta))
            }
        }
        for offset in stride(from: 0, to: n - 15, by: 16) { fill16(offset) }
        if n % 16 != 0 {
            for k in (n - 16)..<n { data[k] = uniformFloat() }
            fill16(n - 16)
        }
        return data
    }
}
