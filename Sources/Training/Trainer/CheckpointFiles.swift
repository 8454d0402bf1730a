import Foundation
import Models
import TensorCore

/// lorarepl's files for the training state in a `checkpoint-<step>/` folder (HF writes `optimizer.pt`,
/// `scheduler.pt`, `rng_state.pth` as pickles; lorarepl writes safetensors + JSON instead):
///
/// * `optimizer.safetensors` — AdamW moments, `<parameter name>.exp_avg` / `.exp_avg_sq` (fp32).
/// * `optimizer.json` — `{"format": "lorarepl-optimizer-1", "kind": "adamw", "groups": [{"weight_decay",
///   "params": [names]}], "steps": [per-parameter step counts, group order], "lr", "betas", "eps"}`.
/// * `scheduler.json` — `{"format": "lorarepl-scheduler-1", "type", "base_lr", "warmup_steps",
///   "total_steps", "last_epoch" (scheduler steps taken), "last_lr"}`.
/// * `rng_state.json` — `{"format": "lorarepl-rng-1", "model_generator": [4 hex words of the
///   xoshiro256** state that drives dropout], "data_seed", "epoch"}`.
/// * `training_args.json` — the `TrainingArguments` as sorted JSON (HF: `training_args.bin`).
public enum CheckpointFiles {
    static let optimizerWeights = "optimizer.safetensors"
    static let optimizerJSON = "optimizer.json"
    static let schedulerJSON = "scheduler.json"
    static let rngJSON = "rng_state.json"
    static let argsJSON = "training_args.json"

    static func path(_ directory: String, _ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    // MARK: Optimizer

    static func saveOptimizer(_ optimizer: AdamW, names: [String], groupNames: [[String]], weightDecays: [Double],
                              to directory: String) throws {
        let state = optimizer.exportState()
        var tensors: [(name: String, tensor: Tensor)] = []
        for (index, buffers) in state.buffers.enumerated() where buffers.count == 2 {
            let shape = optimizer.parameters[index].shape
            tensors.append((names[index] + ".exp_avg", try Tensor(shape: shape, values: buffers[0])))
            tensors.append((names[index] + ".exp_avg_sq", try Tensor(shape: shape, values: buffers[1])))
        }
        try TensorFile.save(tensors, to: URL(fileURLWithPath: path(directory, optimizerWeights)), metadata: ["format": "lorarepl"])
        let json = JSONValue.object([
            ("betas", .array([.double(Double(optimizer.beta1)), .double(Double(optimizer.beta2))])),
            ("eps", .double(Double(optimizer.eps))),
            ("format", .string("lorarepl-optimizer-1")),
            ("groups", .array(zip(groupNames, weightDecays).map { names, decay in
                .object([("params", .array(names.map(JSONValue.string))), ("weight_decay", .double(decay))])
            })),
            ("kind", .string(state.kind)),
            ("lr", .double(Double(optimizer.learningRate))),
            ("steps", .array(state.steps.map(JSONValue.int))),
        ])
        try AtomicFile.write(json.pythonJSON(indent: 2, sortKeys: true) + "\n", to: path(directory, optimizerJSON))
    }

    /// The `format` of optimizer.json when a script's torch.optim optimizer wrote it (ScriptOptimizerCheckpoint).
    public static let scriptOptimizerFormat = "lorarepl-torch-optimizer-1"

    /// What transformers 5.25 does when a checkpoint's optimizer and the resuming Trainer's differ (built-in
    /// AdamW with its decay / no-decay groups against `optimizers=(AdamW(model.parameters()), ...)`, either way
    /// round): torch's `load_state_dict` refuses the other group layout.
    public static let mismatchedOptimizerNote = "transformers refuses this too: torch's load_state_dict raises \"ValueError: loaded state dict has a different number of parameter groups\""

    static func loadOptimizer(into optimizer: AdamW, names: [String], from directory: String) throws {
        let json = try readJSON(path(directory, optimizerJSON))
        if json["format"]?.stringValue == scriptOptimizerFormat {
            throw TrainingError.value("the checkpoint '\(directory)' holds a torch.optim optimizer's state (saved with Trainer(optimizers=...) or create_optimizer), not the built-in AdamW's",
                                      help: "resume with the same optimizers=(...) / create_optimizer set-up it was saved with",
                                      notes: [mismatchedOptimizerNote])
        }
        let savedNames = (json["groups"]?.arrayValue ?? []).flatMap { ($0["params"]?.arrayValue ?? []).compactMap(\.stringValue) }
        guard savedNames == names else {
            let missing = names.filter { !savedNames.contains($0) }
            throw TrainingError.value("the optimizer state in '\(directory)' is for other trainable parameters",
                                      help: "resume with the same model, adapter config and trainable parameters the checkpoint was saved with",
                                      notes: missing.isEmpty ? [] : ["not in the checkpoint: " + missing.prefix(3).joined(separator: ", ")])
        }
        let steps = (json["steps"]?.arrayValue ?? []).compactMap(\.intValue)
        let tensors: [String: Tensor]
        do { tensors = try TensorFile.loadFloats(URL(fileURLWithPath: path(directory, optimizerWeights))) } catch {
            throw TrainingError(.fileNotFound, "cannot read the optimizer state in '\(directory)': \(error)",
                                help: "resume from a checkpoint saved without save_only_model=True")
        }
        var buffers: [[[Float]]] = []
        for name in names {
            if let m = tensors[name + ".exp_avg"], let v = tensors[name + ".exp_avg_sq"] {
                buffers.append([m.toArray(), v.toArray()])
            } else {
                buffers.append([])
            }
        }
        do {
            try optimizer.importState(OptimizerState(kind: json["kind"]?.stringValue ?? "adamw", steps: steps, buffers: buffers))
        } catch let error as TensorError {
            throw TrainingError.value("the optimizer state in '\(directory)' does not fit: \(error.message)", help: error.help)
        }
    }

    // MARK: Scheduler

    static func saveScheduler(_ curve: LearningRateCurve, stepsTaken: Int, to directory: String) throws {
        let json = JSONValue.object([
            ("base_lr", .double(curve.baseLearningRate)),
            ("format", .string("lorarepl-scheduler-1")),
            ("last_epoch", .int(stepsTaken)),
            ("last_lr", .double(curve.baseLearningRate * curve.multiplier(afterSteps: stepsTaken))),
            ("total_steps", .int(curve.totalSteps)),
            ("type", .string(curve.type.rawValue)),
            ("warmup_steps", .int(curve.warmupSteps)),
        ])
        try AtomicFile.write(json.pythonJSON(indent: 2, sortKeys: true) + "\n", to: path(directory, schedulerJSON))
    }

    /// What a checkpoint's `scheduler.json` says: steps taken, the schedule's length and the rate of the next step.
    struct SavedScheduler {
        let stepsTaken: Int?
        let totalSteps: Int?
        let lastLearningRate: Double?
    }

    /// Checks the saved schedule's type against the current one and reads it. Its length may differ: transformers
    /// resumes a checkpoint with other epochs or `max_steps`.
    static func checkScheduler(_ curve: LearningRateCurve, in directory: String) throws -> SavedScheduler? {
        guard FileManager.default.fileExists(atPath: path(directory, schedulerJSON)) else { return nil }
        let json = try readJSON(path(directory, schedulerJSON))
        if let type = json["type"]?.stringValue, type != curve.type.rawValue {
            throw TrainingError.value("the checkpoint was trained with lr_scheduler_type=\"\(type)\", not \"\(curve.type.rawValue)\"",
                                      help: "resume with the same TrainingArguments the checkpoint was saved with")
        }
        return SavedScheduler(stepsTaken: json["last_epoch"]?.intValue, totalSteps: json["total_steps"]?.intValue,
                              lastLearningRate: json["last_lr"]?.doubleValue)
    }

    // MARK: Random state

    static func saveRandomState(_ generator: RandomGenerator, dataSeed: Int, epoch: Double?, to directory: String) throws {
        let json = JSONValue.object([
            ("data_seed", .int(dataSeed)),
            ("epoch", epoch.map(JSONValue.double) ?? .null),
            ("format", .string("lorarepl-rng-1")),
            ("model_generator", .array(generator.state.words.map { .string(String($0, radix: 16)) })),
        ])
        try AtomicFile.write(json.pythonJSON(indent: 2, sortKeys: true) + "\n", to: path(directory, rngJSON))
    }

    static func loadRandomState(into generator: RandomGenerator, from directory: String) throws {
        let json = try readJSON(path(directory, rngJSON))
        let words = (json["model_generator"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { UInt64($0, radix: 16) } }
        do { try generator.restore(RandomGenerator.State(words: words)) } catch {
            throw TrainingError.value("the random state in '\(directory)/\(rngJSON)' is damaged: \(error)",
                                      help: "resume from another checkpoint")
        }
    }

    // MARK: Helpers

    static func readJSON(_ file: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TrainingError(.fileNotFound, "cannot read '\(file)'",
                                help: "resume from a checkpoint-<step> folder written by the Trainer (without save_only_model=True)")
        }
        return try TrainingJSON.parse([UInt8](data), source: file, help: "the checkpoint is damaged; resume from an earlier one")
    }
}
