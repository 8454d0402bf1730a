import Foundation
import Lang
import NumericArrays
import Models
import TensorCore

/// `torch.nn.Module` methods scripts call on models (plain and PEFT): `parameters()`,
/// `named_parameters()`, `requires_grad_()`, `state_dict()`, `load_state_dict()`, `to(device)`, `cuda()`.
/// Parameters come out as live tensors: `p.requires_grad = False` freezes the weight the Trainer and
/// the optimizers see, and values read after an optimizer step are the new ones.
extension ModelHost where Self: HostBase {
    /// Every parameter with the names `model.named_parameters()` gives (PEFT's names on a PeftModel).
    func scriptNamedParameters() -> [(name: String, tensor: Tensor)] {
        taskModel.namedParameters()
    }

    func moduleMethods() -> [Builtin] {
        [
            method("parameters", [Parameter("recurse", .bool, default: .bool(true))], doc: "Every parameter tensor (live: optimizers update them).",
                   example: "optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)") { _ in
                Convert.generator(self.scriptNamedParameters().map { TensorObject.parameter($0.tensor) })
            },
            method("named_parameters", [Parameter("prefix", .str, default: .str("")), Parameter("recurse", .bool, default: .bool(true))],
                   doc: "(name, parameter) pairs; set p.requires_grad = False to freeze one.",
                   example: "for name, p in model.named_parameters(): print(name, p.shape)") { args in
                let prefix = try args.string("prefix")
                return Convert.generator(self.scriptNamedParameters().map {
                    .tuple([.str(prefix.isEmpty ? $0.name : prefix + "." + $0.name), TensorObject.parameter($0.tensor)])
                })
            },
            method("requires_grad_", [Parameter("requires_grad", .bool, default: .bool(true))],
                   doc: "Turn gradients of every parameter on or off; returns the model.", example: "model.requires_grad_(False)") { args in
                let flag = try args.bool("requires_grad")
                for (_, tensor) in self.scriptNamedParameters() {
                    tensor.requiresGrad = flag
                    if !flag { tensor.grad = nil }
                }
                return .host(self)
            },
            method("zero_grad", [Parameter("set_to_none", .bool, default: .bool(true))], doc: "Clear every parameter's gradient.",
                   example: "model.zero_grad()") { args in
                let toNone = try args.bool("set_to_none")
                for (_, tensor) in self.scriptNamedParameters() {
                    if toNone { tensor.grad = nil } else if let grad = tensor.grad { try grad.assign([Float](repeating: 0, count: grad.count)) }
                }
                return Value.none
            },
            method("state_dict", doc: "name → tensor for every weight and buffer (live views of the weights).",
                   example: "torch_state = model.state_dict()") { _ in
                let dict = DictObject()
                var seen = Set<ObjectIdentifier>()
                for (name, tensor) in self.scriptNamedParameters() where seen.insert(ObjectIdentifier(tensor)).inserted {
                    dict.set(name, TensorObject.stateEntry(tensor))
                }
                if !(self is PeftModelObject) {
                    for (name, tensor) in self.taskModel.network.stateDict() where seen.insert(ObjectIdentifier(tensor)).inserted {
                        dict.set(name, TensorObject.stateEntry(tensor))
                    }
                }
                return .dict(dict)
            },
            method("load_state_dict", [Parameter("state_dict", .dict), Parameter("strict", .bool, default: .bool(true))],
                   doc: "Copy values into the weights with the same names; returns (missing_keys, unexpected_keys).",
                   example: "model.load_state_dict(best_state)") { args in
                try self.loadStateDict(args)
            },
            method("to", [.variadic("args"), .keywords("kwargs")],
                   doc: "The same model: the CPU is the only device; a dtype (torch.float16, torch.bfloat16) rounds the weights to it.",
                   example: "model.to(torch.float16)") { args in
                try castArguments(args) { try self.taskModel.network.cast(to: $0) }
                return .host(self)
            },
            method("half", doc: "Round the weights to float16 (save_pretrained then writes F16 and dtype 'float16').",
                   example: "model.half().save_pretrained('out/fp16')") { _ in
                try self.taskModel.network.cast(to: .float16)
                return .host(self)
            },
            method("bfloat16", doc: "Round the weights to bfloat16 (save_pretrained then writes BF16 and dtype 'bfloat16').",
                   example: "model.bfloat16()") { _ in
                try self.taskModel.network.cast(to: .bfloat16)
                return .host(self)
            },
            method("cuda", [.optional("device")], doc: "Not available: lorarepl runs on the CPU.", example: "model.to('cpu')") { _ in
                try DeviceObject(kind: "cuda", index: nil).requireCPU()
                return .host(self)
            },
            method("cpu", doc: "The same model.", example: "model.cpu()") { _ in .host(self) },
            method("float", doc: "Mark the weights float32 again (their values stay as rounded).", example: "model.float()") { _ in
                try self.taskModel.network.cast(to: .float32)
                return .host(self)
            },
        ]
    }

    private func loadStateDict(_ args: Arguments) throws -> Value {
        var targets = scriptNamedParameters().map { ($0.name, $0.tensor) }
        if !(self is PeftModelObject) { targets += taskModel.network.stateDict().map { ($0.0, $0.1) } }
        return try loadNamedStateDict(targets, args, typeName: typeName)
    }
}

/// `load_state_dict(state_dict, strict=)` into `targets` (name → tensor, the first of a repeated name
/// wins): checks every key and shape before writing anything, so a bad dict changes no weight; returns
/// PyTorch's `_IncompatibleKeys(missing_keys, unexpected_keys)`.
func loadNamedStateDict(_ targets: [(String, Tensor)], _ args: Arguments, typeName: String) throws -> Value {
    guard case .dict(let source) = args["state_dict"] else { return Value.none }
    let strict = try args.bool("strict")
    var byName: [String: Tensor] = [:]
    for (name, tensor) in targets where byName[name] == nil { byName[name] = tensor }
    var unexpected: [String] = []
    var updates: [(Tensor, [Float])] = []
    var seen = Set<String>()
    for (key, value) in source.pairs {
        guard case .str(let name) = key, let target = byName[name] else { unexpected.append(key.stringValue ?? key.repr); continue }
        seen.insert(name)
        let values = try NDArray.from(value)
        guard values.shape == target.shape else {
            throw ScriptError(.runtimeError, "Error(s) in loading state_dict: size mismatch for \(name): copying a param with shape \(shapeTuple(values.shape)) from checkpoint, the shape in current model is \(shapeTuple(target.shape)).")
        }
        updates.append((target, values.values.map { Float($0) }))
    }
    let missing = byName.keys.filter { !seen.contains($0) }.sorted()
    if strict, !missing.isEmpty || !unexpected.isEmpty {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("Missing key(s) in state_dict: " + missing.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + (missing.count > 5 ? ", … (\(missing.count) in all)" : "")) }
        if !unexpected.isEmpty { parts.append("Unexpected key(s) in state_dict: " + unexpected.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")) }
        throw ScriptError(.runtimeError, "Error(s) in loading state_dict for \(typeName): " + parts.joined(separator: ". "),
                          help: "pass strict=False to load only the keys that match")
    }
    for (tensor, values) in updates { try tensor.assign(values) }
    return .host(RecordObject("_IncompatibleKeys", [("missing_keys", .list(missing.map { .str($0) })),
                                                    ("unexpected_keys", .list(unexpected.map { .str($0) }))],
                              unpackable: true, fixedRepr: missing.isEmpty && unexpected.isEmpty ? "<All keys matched successfully>" : nil))
}

/// The arguments of a model's `to(...)`: a device must be the CPU; a dtype (torch.float16, torch.bfloat16, torch.float32)
/// is passed to `cast`. Positional arguments and the `device=` / `dtype=` keywords, in order, as PyTorch reads them.
func castArguments(_ args: Arguments, _ cast: (WeightPrecision) throws -> Void) throws {
    for item in args.variadic + args.keywords.filter({ $0.0 == "device" || $0.0 == "dtype" }).map(\.1) {
        if TensorObject.dtypeIfAny(item) == nil {
            try DeviceObject.parse(item).requireCPU()
        } else if let precision = item.stringValue.flatMap(WeightPrecision.init(name:)) {
            try cast(precision)
        }
    }
}
