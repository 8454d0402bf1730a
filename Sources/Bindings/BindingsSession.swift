import Lang
import Models
import TensorCore
import Training

/// The ML bindings' part of a `Session`: the seeds, the generator behind `torch.randn` and unseeded
/// shuffles, the stream of seeds for new models, the stop flag the Trainer watches, and the counter
/// that names callback dicts. Kept in the session's extension storage (`Bindings.state(of:)`), so
/// every interpreter has its own and two notebooks in one process never share draws.
final class BindingsSessionState: SessionParticipant {
    /// The seed of the current cell (set before each notebook/REPL cell).
    private(set) var cellSeed: UInt64?
    /// A seed chosen by the script with `set_seed` / `torch.manual_seed`; wins over the cell seed and
    /// stays in force for the cells after it, as in Python.
    var explicitSeed: UInt64?
    /// The stop flag of every Trainer this session makes (Ctrl-C stops training at the next step).
    let trainingInterrupt = TrainingInterrupt()
    private var sharedGenerator: RandomGenerator?
    /// numpy's legacy global generator (`np.random.seed`); seeded from the session when first used unseeded.
    var numpyRandom: LegacyRandomState?
    /// `model.generation_config` per model network (weakly held model, checked on lookup).
    var generationConfigs: [ObjectIdentifier: GenerationConfigEntry] = [:]
    private var draws: UInt64 = 0
    /// Warnings shown once per session (Python shows a `UserWarning` once per place by default).
    var shownWarnings: Set<String> = []
    private var callbackCount = 0

    init(cellSeed: UInt64?) { self.cellSeed = cellSeed }

    /// How many cells this session has started: an unseeded default torch generator restarts with each.
    private(set) var cellCount = 0

    func sessionWillRunCell(seed: UInt64) {
        cellSeed = seed
        cellCount += 1
        resetGenerator()
    }

    /// Forgets a script's `set_seed` and the cell seed.
    func resetSeeds() {
        explicitSeed = nil
        cellSeed = nil
        resetGenerator()
    }

    /// The seed for a model loaded now (head init and, through the model's stream, LoRA init and dropout).
    func modelSeed() -> UInt64 {
        draws &+= 1
        return (explicitSeed ?? cellSeed ?? 42) &+ (explicitSeed == nil ? draws &- 1 : 0)
    }

    /// A seed for an unseeded shuffle or split, drawn from the cell's generator (reproducible per cell).
    func derivedSeed() -> UInt64 { UInt64(generator().nextUniformDouble() * 4_294_967_296) }

    /// Restarts the generator and the model-seed stream (at each cell and at `manual_seed`).
    func resetGenerator() {
        sharedGenerator = nil
        draws = 0
    }

    /// The generator behind `torch.randn` (restarted by each cell and by `manual_seed`).
    func generator() -> RandomGenerator {
        if let existing = sharedGenerator { return existing }
        let fresh = RandomGenerator(seed: explicitSeed ?? cellSeed ?? 42)
        sharedGenerator = fresh
        return fresh
    }

    /// A number unique in this session for a callback dict (`ScriptCallback#n`).
    func nextCallbackNumber() -> Int {
        callbackCount += 1
        return callbackCount
    }
}

/// The key of `BindingsSessionState` in a session's extension storage.
enum BindingsSessionKey: SessionStateKey {
    static func makeState(for session: Session) -> BindingsSessionState { BindingsSessionState(cellSeed: session.cellSeed) }
}

extension Bindings {
    /// The bindings' state in `session` (made on first use).
    static func state(of session: Session) -> BindingsSessionState { session[BindingsSessionKey.self] }

    /// The bindings' state of the session a built-in runs in.
    static func state(_ context: CallContext) -> BindingsSessionState { state(of: context.session) }
}
