import Foundation
import Lang
import Models
import NumericArrays
import PythonBasics
import TensorCore
import Training

/// Checkpoint files of a script's optimizer and scheduler (`Trainer(optimizers=(opt, sched))`, a
/// `create_optimizer`/`create_scheduler` override). HF pickles `optimizer.state_dict()` into `optimizer.pt`
/// and `lr_scheduler.state_dict()` into `scheduler.pt`; lorarepl writes the same dicts as
/// `optimizer.safetensors` (the per-parameter tensors, `state.<index>.<name>`), `optimizer.json`
/// (`{"format": "lorarepl-torch-optimizer-1", "kind", "param_groups", "steps": [{"index", "step"}]}`) and `scheduler.json`
/// (`{"format": "lorarepl-torch-scheduler-1", "state": {...}}`), and loads them back with
/// `load_state_dict`, as HF's `_load_optimizer_and_scheduler` does.
extension ScriptOptimizer {
    static let optimizerFormat = CheckpointFiles.scriptOptimizerFormat
    static let schedulerFormat = "lorarepl-torch-scheduler-1"

    private static func path(_ directory: String, _ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    func save(to directory: String) throws {
        guard case .dict(let saved) = optimizer.stateDict(), case .dict(let state)? = saved.get("state"),
              let groups = saved.get("param_groups")?.sequenceItems else { return }
        var tensors: [(name: String, tensor: Tensor)] = []
        var steps: [JSONValue] = []
        for (key, entryValue) in state.pairs {
            guard let index = key.intValue, case .dict(let entry) = entryValue else { continue }
            for (nameValue, item) in entry.pairs {
                guard case .str(let name) = nameValue, case .host(let host) = item, let tensor = host as? TensorObject else { continue }
                let a = tensor.array
                if name == "step" {
                    steps.append(.object([("index", .int(index)), ("step", .int(try CheckedInt.truncating(a.values.first ?? 0, what: "step")))]))
                } else {
                    tensors.append(("state.\(index).\(name)", try Tensor(shape: a.shape, values: a.values.map { Float($0) })))
                }
            }
        }
        try TensorFile.save(tensors, to: URL(fileURLWithPath: Self.path(directory, "optimizer.safetensors")), metadata: ["format": "lorarepl"])
        let json = JSONValue.object([
            ("format", .string(Self.optimizerFormat)),
            ("kind", .string(optimizer.kind.rawValue)),
            ("param_groups", .array(try groups.map(Self.json))),
            ("steps", .array(steps)),
        ])
        try AtomicFile.write(json.pythonJSON(indent: 2, sortKeys: true) + "\n", to: Self.path(directory, "optimizer.json"))
        let schedule = JSONValue.object([("format", .string(Self.schedulerFormat)), ("state", try Self.json(scheduler.stateDict()))])
        try AtomicFile.write(schedule.pythonJSON(indent: 2, sortKeys: true) + "\n", to: Self.path(directory, "scheduler.json"))
    }

    func load(from directory: String) throws {
        let json = try Self.readJSON(directory, "optimizer.json")
        guard json["format"]?.stringValue == Self.optimizerFormat else {
            throw ScriptError(.valueError, "the checkpoint '\(directory)' holds the Trainer's built-in AdamW state, not a torch.optim optimizer's",
                              notes: [CheckpointFiles.mismatchedOptimizerNote],
                              help: "resume with the same Trainer set-up it was saved with (no optimizers= for that checkpoint)")
        }
        guard json["kind"]?.stringValue == optimizer.kind.rawValue else {
            throw ScriptError(.valueError, "the checkpoint's optimizer is \(json["kind"]?.stringValue ?? "unknown"), this Trainer's is \(optimizer.kind.rawValue)",
                              help: "resume with the optimizer the checkpoint was saved with")
        }
        let tensors = try TensorFile.loadFloats(URL(fileURLWithPath: Self.path(directory, "optimizer.safetensors")))
        let state = DictObject()
        for saved in json["steps"]?.arrayValue ?? [] {
            guard let index = saved["index"]?.intValue else { continue }
            let entry = DictObject()
            entry.set("step", .int(saved["step"]?.intValue ?? 0))
            let prefix = "state.\(index)."
            for (name, tensor) in tensors where name.hasPrefix(prefix) {
                entry.set(String(name.dropFirst(prefix.count)),
                          TensorObject.wrap(NDArray(shape: tensor.shape, values: tensor.toArray().map(Double.init), dtype: .float32)))
            }
            try state.set(.int(index), .dict(entry))
        }
        let groups = (json["param_groups"]?.arrayValue ?? []).map(Self.value)
        try optimizer.loadStateDict(.dict([("state", .dict(state)), ("param_groups", .list(groups))]))
        let schedule = try Self.readJSON(directory, "scheduler.json")
        guard schedule["format"]?.stringValue == Self.schedulerFormat, let saved = schedule["state"] else {
            throw ScriptError(.valueError, "the checkpoint '\(directory)' has no torch.optim scheduler state",
                              help: "resume with the same Trainer set-up it was saved with")
        }
        try scheduler.loadStateDict(Self.value(saved))
    }

    private static func readJSON(_ directory: String, _ name: String) throws -> JSONValue {
        let file = path(directory, name)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScriptError(.fileNotFoundError, "cannot read \(file)", help: "resume from a checkpoint folder the Trainer wrote (without save_only_model=True)")
        }
        do { return try JSONValue.parse(data) } catch {
            throw ScriptError(.valueError, "\(file) is damaged: \(error)", help: "resume from an earlier checkpoint")
        }
    }

    /// A state-dict value (numbers, bools, strings, None, lists, tuples, dicts) as JSON.
    static func json(_ value: Value) throws -> JSONValue {
        try value.coreJSON(what: "saved in the optimizer's state for a checkpoint")
    }

    /// JSON back to a state-dict value (arrays become tuples, as PyTorch keeps `betas`; `params` stays a list).
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: return Value.none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let x): return .float(x)
        case .string(let s): return .str(s)
        case .array(let items): return .tuple(items.map(value))
        case .object(let pairs):
            return .dict(pairs.map { key, item in
                if key == "params" || key == "base_lrs" || key == "_last_lr", case .array(let items) = item { return (key, .list(items.map(value))) }
                return (key, value(item))
            })
        }
    }
}
