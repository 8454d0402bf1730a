import Foundation
import Lang
import PythonBasics

/// PyTorch's CPU generator (`at::mt19937`): MT19937 seeded with the low 32 bits of the seed,
/// `random()` one 32-bit draw, `random64()` two draws (high word first).
final class TorchMT19937 {
    /// The one MT19937 (`PythonBasics`), seeded with `init_genrand` as PyTorch seeds it.
    private var engine: MersenneTwister
    private(set) var seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        engine = MersenneTwister(genrandSeed: UInt32(truncatingIfNeeded: seed))
    }

    func reseed(_ seed: UInt64) {
        self.seed = seed
        engine = MersenneTwister(genrandSeed: UInt32(truncatingIfNeeded: seed))
    }

    /// One tempered 32-bit output.
    func random() -> UInt32 { engine.nextUInt32() }

    func random64() -> UInt64 {
        let high = UInt64(truncatingIfNeeded: random()), low = UInt64(truncatingIfNeeded: random())
        return (high << 32) | low
    }

    /// `torch.randperm(n, generator=g)` on the CPU: Fisher–Yates from the front, `random() % (n - i)`.
    func randperm(_ n: Int) -> [Int] {
        var result = Array(0..<n)
        guard n > 1 else { return result }
        for i in 0..<(n - 1) {
            let z = Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: random()) % UInt64(truncatingIfNeeded: n - i))
            result.swapAt(i, i + z)
        }
        return result
    }

    /// `int(torch.empty((), dtype=torch.int64).random_().item())`: a seed for a fresh generator.
    func randomInt64() -> UInt64 { random64() % ((1 as UInt64) << 63) }

    /// `torch.randint(low, high)` for a range that fits in 32 bits: `low + random() % range`.
    func randint(low: Int, high: Int) -> Int {
        // high > low (checked by the caller); the difference and the sum wrap instead of trapping at the Int limits.
        let range = UInt64(bitPattern: Int64(truncatingIfNeeded: high &- low))
        return low &+ Int(truncatingIfNeeded: range <= UInt64(truncatingIfNeeded: UInt32.max) ? UInt64(truncatingIfNeeded: random()) % range : random64() % range)
    }
}

/// The script's default torch generator, kept in the session (`TorchGeneratorKey`): reseeded by
/// `torch.manual_seed` (and `set_seed`), otherwise seeded from the notebook cell's seed, so unseeded
/// shuffles stay reproducible per cell.
final class TorchGeneratorState {
    /// PyTorch's default seed for the CPU generator when nothing was seeded.
    static let defaultSeed: UInt64 = 67_280_421_310_721
    private var shared: TorchMT19937?
    private var sharedSource: UInt64?

    func manualSeed(_ seed: UInt64, source: UInt64?) {
        shared = TorchMT19937(seed: seed)
        sharedSource = source
    }

    /// The generator for the session's current seed source (explicit seed, else the cell seed).
    func generator(source: UInt64?) -> TorchMT19937 {
        if let shared, sharedSource == source { return shared }
        let fresh = TorchMT19937(seed: source ?? TorchGeneratorState.defaultSeed)
        shared = fresh
        sharedSource = source
        return fresh
    }
}

enum TorchGeneratorKey: SessionStateKey {
    static func makeState(for session: Session) -> TorchGeneratorState { TorchGeneratorState() }
}

enum TorchRandom {
    /// The default torch generator of the session a built-in runs in.
    static func global(_ context: CallContext) -> TorchMT19937 {
        let bindings = Bindings.state(context)
        return context.session[TorchGeneratorKey.self].generator(source: bindings.explicitSeed ?? bindings.cellSeed)
    }

    /// `torch.manual_seed(n)`: reseeds the default generator and lorarepl's own streams.
    static func manualSeed(_ seed: UInt64, context: CallContext) {
        let bindings = Bindings.state(context)
        bindings.explicitSeed = seed
        bindings.resetGenerator()
        context.session[TorchGeneratorKey.self].manualSeed(seed, source: seed)
    }
}

/// `torch.Generator()`: `manual_seed(n)` returns the generator, so `generator=torch.Generator().manual_seed(42)` works.
final class GeneratorObject: HostBase {
    let engine = TorchMT19937(seed: TorchGeneratorState.defaultSeed)

    override var typeName: String { "Generator" }
    override var cachesMethods: Bool { false }
    override func repr() -> String { "<torch._C.Generator object>" }

    override func methods() -> [Builtin] {
        [
            method("manual_seed", [Parameter("seed", .int)], doc: "Seed this generator; returns it.",
                   example: "g = torch.Generator().manual_seed(42)") { args in
                let seed = try args.int("seed")
                self.engine.reseed(UInt64(bitPattern: Int64(truncatingIfNeeded: seed)))
                return .host(self)
            },
            method("initial_seed", doc: "The seed this generator was last seeded with.", example: "g.initial_seed()") { _ in
                .int(Int(truncatingIfNeeded: self.engine.seed))
            },
            method("seed", doc: "Reseed from the default generator; returns the new seed.", example: "g.seed()") { args in
                let seed = TorchRandom.global(args.context).randomInt64()
                self.engine.reseed(seed)
                return .int(Int(truncatingIfNeeded: seed))
            },
        ]
    }

    /// The engine of a `generator=` argument (None: the default generator).
    static func engine(_ value: Value, _ context: CallContext) throws -> TorchMT19937 {
        if value.isNone { return TorchRandom.global(context) }
        guard case .host(let object) = value, let generator = object as? GeneratorObject else {
            throw ScriptError(.typeError, "generator must be a torch.Generator, not \(value.typeName)",
                              help: "pass generator=torch.Generator().manual_seed(42)")
        }
        return generator.engine
    }
}
