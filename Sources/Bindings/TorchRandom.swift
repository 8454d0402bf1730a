import Foundation
import Lang
import PythonBasics
import Training

/// A shared, reseedable handle on PyTorch's CPU generator (`Training.TorchGenerator`), so a
/// `torch.Generator` object, the session's default generator and a DataLoader draw from one stream.
final class TorchMT19937 {
    private var core: TorchGenerator

    init(seed: UInt64) { core = TorchGenerator(seed: seed) }

    var seed: UInt64 { core.seed }
    func reseed(_ seed: UInt64) { core.reseed(seed) }
    /// One tempered 32-bit output.
    func random() -> UInt32 { core.nextUInt32() }
    func random64() -> UInt64 { core.nextUInt64() }
    /// `torch.randperm(n, generator=g)`.
    func randperm(_ n: Int) -> [Int] { core.permutation(n) }
    /// A seed for a fresh generator (`torch.empty((), dtype=torch.int64).random_()`).
    func randomInt64() -> UInt64 { core.randomInt64() }
    /// `torch.randint(low, high)`.
    func randint(low: Int, high: Int) -> Int { core.randint(low: low, high: high) }
    /// `torch.randn(count)` / `torch.rand(count)` values.
    func randn(_ count: Int) -> [Float] { core.randn(count: count) }
    func rand(_ count: Int) -> [Float] { core.rand(count: count) }
}

/// The script's default torch generator, kept in the session (`TorchGeneratorKey`): reseeded by
/// `torch.manual_seed` (and `set_seed`), otherwise seeded from the notebook cell's seed, so unseeded
/// shuffles stay reproducible per cell.
final class TorchGeneratorState {
    /// PyTorch's default seed for the CPU generator when nothing was seeded.
    static let defaultSeed: UInt64 = 67_280_421_310_721
    private var shared: TorchMT19937?
    /// What `shared` was seeded from: the seed, and the cell it belongs to (nil for an explicit seed, whose
    /// stream runs on across cells as in Python).
    private var sharedSource: (seed: UInt64?, cell: Int?)?

    func manualSeed(_ seed: UInt64, source: UInt64?) {
        shared = TorchMT19937(seed: seed)
        sharedSource = (source, nil)
    }

    /// The generator for the session's current seed source: an explicit seed's stream, else the cell
    /// seed's, restarted at every cell so a cell draws the same values however often it runs.
    func generator(source: UInt64?, cell: Int?) -> TorchMT19937 {
        if let shared, let sharedSource, sharedSource.seed == source, sharedSource.cell == cell { return shared }
        let fresh = TorchMT19937(seed: source ?? TorchGeneratorState.defaultSeed)
        shared = fresh
        sharedSource = (source, cell)
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
        return context.session[TorchGeneratorKey.self].generator(source: bindings.explicitSeed ?? bindings.cellSeed,
                                                                 cell: bindings.explicitSeed == nil ? bindings.cellCount : nil)
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
