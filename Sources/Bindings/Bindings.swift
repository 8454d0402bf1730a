import Foundation
import Lang
import PEFT
import TensorCore
import Training

/// The Bindings layer: registers the ML core with the language (see docs/architecture.md).
///
///     let interpreter = Interpreter()
///     Bindings.install(into: interpreter)   // transformers, peft, datasets, numpy, sklearn.metrics, torch + globals
///
/// `Bindings.seedCell(_:)` and `Bindings.recording` are the hooks the notebook engine drives.
public enum Bindings {
    /// True while a notebook is being recorded or tested: progress output uses placeholders.
    nonisolated(unsafe) public static var recording = false
    /// The seed of the current cell (set before each notebook/REPL cell).
    nonisolated(unsafe) static var cellSeed: UInt64?
    /// A seed chosen by the script with `set_seed` / `torch.manual_seed`; wins over the cell seed.
    nonisolated(unsafe) static var explicitSeed: UInt64?
    nonisolated(unsafe) private static var sharedGenerator: RandomGenerator?
    nonisolated(unsafe) private static var draws: UInt64 = 0

    /// Registers every ML module and the card's global built-ins on `interpreter`.
    public static func install(into interpreter: Interpreter) {
        interpreter.register(TransformersBindings.table)
        interpreter.register(PeftBindings.table)
        interpreter.register(DatasetsBindings.table)
        interpreter.register(NumericBindings.numpy)
        interpreter.register(NumericBindings.torch)
        interpreter.register(SklearnBindings.table)
        let globals: [Builtin] = [
            TransformersBindings.loadModelGlobal, TransformersBindings.loadTokenizerGlobal, LoraConfigObject.builtin,
            PeftBindings.getPeftModel, TrainerObject.builtin, TrainingArgumentsObject.builtin, CallbackObject.earlyStopping,
            TransformersBindings.saveGlobal, TransformersBindings.setSeed, DatasetsBindings.loadDataset, PipelineObject.builtin,
            Builtin("no_grad", doc: "A context manager for inference (scripts never record gradients).",
                    example: "with no_grad(): out = model(**enc)") { _ in .host(ContextManagerObject(name: "no_grad")) },
        ]
        for builtin in globals { interpreter.registerGlobal(builtin) }
        // Tables another layer may already provide (a fuller torch) are only filled in when missing.
        for table in [ScriptSubclasses.torchUtilsData, TorchLosses.nn, TorchLosses.functional] where !interpreter.hasModule(table.name) {
            interpreter.register(table)
        }
        interpreter.registerGlobal("PeftModel", PeftBindings.peftModelClass)
        interpreter.registerGlobal("TaskType", PeftBindings.taskType)
    }

    /// Called before every cell with the cell's seed: new weights, LoRA init, dropout, random tensors and
    /// unseeded shuffles depend only on the notebook seed and the cell id.
    /// A seed set by the script (`set_seed`) stays in force for the cells after it, as in Python.
    public static func seedCell(_ seed: UInt64) {
        cellSeed = seed
        resetGenerator()
    }

    /// Forgets a script's `set_seed` (a fresh session).
    public static func resetSeeds() {
        explicitSeed = nil
        cellSeed = nil
        resetGenerator()
    }

    /// Connects the language's interrupt to the Trainer: Ctrl-C stops training at the next step.
    public static func requestTrainingInterrupt() { TrainingInterrupt.shared.request() }

    /// The seed for a model loaded now (head init and, through the model's stream, LoRA init and dropout).
    static func modelSeed() -> UInt64 {
        draws &+= 1
        return (explicitSeed ?? cellSeed ?? 42) &+ (explicitSeed == nil ? draws &- 1 : 0)
    }

    /// A seed for an unseeded shuffle or split, drawn from the cell's generator (reproducible per cell).
    static func derivedSeed() -> UInt64 { UInt64(generator().nextUniformDouble() * 4_294_967_296) }

    static func resetGenerator() {
        sharedGenerator = nil
        draws = 0
    }

    /// The generator behind `torch.randn` (restarted by `seedCell` and `manual_seed`).
    static func generator() -> RandomGenerator {
        if let existing = sharedGenerator { return existing }
        let fresh = RandomGenerator(seed: explicitSeed ?? cellSeed ?? 42)
        sharedGenerator = fresh
        return fresh
    }
}
