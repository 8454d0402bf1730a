import Foundation
import Lang
import PEFT
import TensorCore
import Training

/// The Bindings layer: registers the ML core with the language (see docs/architecture.md).
///
///     let interpreter = Interpreter()
///     Bindings.install(into: interpreter, session: interpreter.session)   // transformers, peft, datasets, numpy, …
///
/// Everything the bindings keep between calls (seeds, the tensor generator, the training stop flag)
/// lives in the interpreter's `Session`, never in statics: `session.seedCell(_:)` reseeds it for a
/// notebook cell and `session.isRecording` switches progress output to placeholders.
public enum Bindings {
    /// Registers every ML module and the card's global built-ins on `interpreter`, and gives `session`
    /// the bindings' per-session state. `session` is the one the interpreter was made with
    /// (`Interpreter(session:)`): built-ins find it again through their `CallContext`.
    public static func install(into interpreter: Interpreter, session: Session) {
        assert(session === interpreter.session, "Bindings.install: the session must be the interpreter's own")
        _ = state(of: session)
        var transformers = TransformersBindings.table
        transformers.builtins += TorchOptimBindings.transformersSchedulers
        interpreter.register(transformers)
        interpreter.register(PeftBindings.table)
        interpreter.register(DatasetsBindings.table)
        interpreter.register(NumericBindings.numpy)
        for table in TorchBindings.tables { interpreter.register(table) }
        interpreter.register(SklearnModelSelection.table)
        interpreter.register(SklearnClassWeight.table)
        interpreter.register(SklearnBindings.table)
        interpreter.register(EvaluateBindings.table)
        for table in SeqevalBindings.tables { interpreter.register(table) }
        for table in RougeBindings.tables { interpreter.register(table) }
        let globals: [Builtin] = [
            TransformersBindings.loadModelGlobal, TransformersBindings.loadTokenizerGlobal, LoraConfigObject.builtin,
            PeftBindings.getPeftModel, TrainerObject.builtin, TrainingArgumentsObject.builtin, CallbackObject.earlyStopping,
            TransformersBindings.saveGlobal, TransformersBindings.setSeed, DatasetsBindings.loadDataset, PipelineObject.builtin,
            Builtin("no_grad", doc: "A context manager: no autograd graph inside (evaluation loops).",
                    example: "with no_grad(): out = model(**enc)") { _ in GradMode.contextManager("no_grad", enabled: false) },
        ]
        for builtin in globals { interpreter.registerGlobal(builtin) }
        interpreter.registerGlobal("PeftModel", PeftBindings.peftModelClass)
        interpreter.registerGlobal("TaskType", PeftBindings.taskType)
    }

    /// `install(into:session:)` with the interpreter's own session.
    public static func install(into interpreter: Interpreter) {
        install(into: interpreter, session: interpreter.session)
    }

    /// Seeds `session`'s ML streams only (new weights, LoRA init, dropout, random tensors, unseeded
    /// shuffles), leaving the language's `random` module alone; `Session.seedCell(_:)` seeds both.
    /// A seed set by the script (`set_seed`) stays in force, as in Python.
    public static func seedCell(_ seed: UInt64, session: Session) {
        state(of: session).sessionWillRunCell(seed: seed)
    }

    /// Forgets a script's `set_seed` and the cell seed in `session`.
    public static func resetSeeds(session: Session) {
        state(of: session).resetSeeds()
    }

    /// Connects the language's interrupt to the Trainer: stops `session`'s training at the next step.
    public static func requestTrainingInterrupt(session: Session) { state(of: session).trainingInterrupt.request() }
}
