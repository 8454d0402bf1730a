import Foundation
import Lang
import NumericArrays
import TensorCore

/// The script's gradient mode, like torch's: on by default; `torch.no_grad()` / `torch.inference_mode()`
/// turn it off inside their `with` block, `torch.enable_grad()` back on. Model calls and tensor
/// arithmetic on tracked tensors record the core's autograd graph only while it is on.
enum GradMode {
    /// Per thread, like the core's autograd mode, so interpreters on different threads do not share it.
    static var enabled: Bool {
        get { (Thread.current.threadDictionary[enabledKey] as? Bool) ?? true }
        set { Thread.current.threadDictionary[enabledKey] = newValue }
    }

    private static let enabledKey = "lorarepl.GradMode.enabled"

    /// Runs `body` with the core's autograd switched to the script's mode.
    static func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        enabled ? try Autograd.enableGrad(body) : try Autograd.noGrad(body)
    }

    /// `with torch.no_grad():` (`enabled: false`) or `with torch.enable_grad():` (`enabled: true`).
    static func contextManager(_ name: String, enabled value: Bool) -> Value {
        var previous = true
        return .host(ContextManagerObject(name: name, onEnter: {
            previous = GradMode.enabled
            GradMode.enabled = value
        }, onExit: { GradMode.enabled = previous }))
    }
}

extension TensorObject {
    /// A core result: tracked (kept for `backward()`) when it requires gradients, else a plain copy.
    /// `gradFunction` is PyTorch's `grad_fn` name when the core computed it under another name (`mean()`).
    static func result(_ tensor: Tensor, gradFunction: String? = nil) -> Value {
        guard tensor.requiresGrad else { return .host(TensorObject(tensor)) }
        let object = TensorObject(core: tensor, live: false)
        if !tensor.isLeaf { object.gradFunctionOverride = gradFunction }
        return .host(object)
    }

    /// The core tensor when this tensor takes part in autograd right now (requires grad, grad mode on).
    var gradTracked: Tensor? {
        guard GradMode.enabled, !isDataView, let core, core.requiresGrad else { return nil }
        return core
    }

    /// The core tensor for these values: `core` itself, or a new float32 tensor sharing this tensor's version
    /// counter, so a graph node that saves it (`w * c`) refuses `backward()` once `c` is written in place, as
    /// PyTorch's does.
    func coreTensor() throws -> Tensor {
        if let core { return core }
        let a = array
        let tensor = try Tensor(shape: a.shape, values: a.values.map { Float($0) })
        tensor.versionCounter = versionCounter
        return tensor
    }

    /// A script value as a core tensor for arithmetic with a tracked tensor (numbers become 0-d tensors).
    static func coreOperand(_ value: Value) throws -> Tensor? {
        if case .host(let object) = value, let tensor = object as? TensorObject { return try tensor.coreTensor() }
        if let x = Convert.double(value) { return Tensor(scalar: Float(x)) }
        return nil
    }

    /// `loss / 2`, `loss + other`, `2 * loss`, `loss ** 2` on a tracked tensor, recorded for `backward()`.
    /// nil when neither side is tracked (the plain element-wise path runs).
    func autogradBinary(_ op: String, _ other: Value, reflected: Bool) throws -> Value? {
        let otherTracked: Bool
        if case .host(let object) = other, let tensor = object as? TensorObject { otherTracked = tensor.gradTracked != nil } else { otherTracked = false }
        guard gradTracked != nil || otherTracked, ["+", "-", "*", "/", "**", "@"].contains(op) else { return nil }
        let mine = try coreTensor()
        guard let theirs = try TensorObject.coreOperand(other) else { return nil }
        let (lhs, rhs) = reflected ? (theirs, mine) : (mine, theirs)
        // `1 - t` is PyTorch's rsub, `1 / t` its reciprocal times 1.
        let numberOnLeft = reflected && Convert.double(other) != nil
        let name = numberOnLeft && op == "-" ? "RsubBackward1" : (numberOnLeft && op == "/" ? "MulBackward0" : nil)
        return TensorObject.result(try GradMode.run { () throws -> Tensor in
            switch op {
            case "+": return try lhs.adding(rhs)
            case "-": return try lhs.subtracting(rhs)
            case "*": return try lhs.multiplying(rhs)
            case "/": return try lhs.dividing(rhs)
            case "@": return try lhs.matmul(rhs)
            default:
                // A number exponent (`t ** 2`, `t ** 0.5`) is PyTorch's pow(Tensor, Scalar); otherwise pow(Tensor, Tensor).
                if !rhs.requiresGrad, rhs.rank == 0 {
                    let exponent = try rhs.item()
                    return exponent == 2 ? lhs.square() : lhs.pow(exponent)
                }
                return try Tensor.power(lhs, rhs)
            }
        }, gradFunction: name)
    }

    /// The autograd version of a plain method, or nil when the method has none (it then runs on a copy).
    func trackedMethod(_ name: String, _ live: Tensor, _ args: Arguments) throws -> Value? {
        let tensor: Tensor? = try GradMode.run {
            switch name {
            case "softmax": return try live.softmax(axis: try args.int("dim"))
            case "log_softmax": return try live.logSoftmax(axis: try args.int("dim"))
            case "exp": return live.exp()
            case "log": return live.log()
            case "relu": return live.relu()
            case "sigmoid": return live.sigmoid()
            case "tanh": return live.tanh()
            case "float": return live
            default: return nil
            }
        }
        return tensor.map { TensorObject.result($0) }
    }

    /// `backward()`, `requires_grad_()`, `zero_()` and the copies that leave autograd (`detach`, `clone`).
    func autogradMethods() -> [Builtin] {
        [
            method("backward", [.optional("gradient"), Parameter("retain_graph", .bool, default: .bool(false))],
                   doc: "Compute gradients of this (one-element) tensor and add them to each parameter's .grad.",
                   example: "loss.backward()") { args in
                guard let core = self.core, core.requiresGrad else {
                    throw ScriptError(.runtimeError, "element 0 of tensors does not require grad and does not have a grad_fn",
                                      notes: ["the tensor was computed without gradients (under torch.no_grad(), from detached values, or from a model with no trainable parameters)"],
                                      help: "compute the loss outside torch.no_grad(), from a model whose parameters require grad (e.g. get_peft_model(...))")
                }
                let seed = args["gradient"].isNone ? nil : try TensorObject.coreOperand(args["gradient"])
                try core.backward(gradient: seed, retainGraph: try args.bool("retain_graph"))
                return Value.none
            },
            method("requires_grad_", [Parameter("requires_grad", .bool, default: .bool(true))],
                   doc: "Turn gradient tracking of a parameter on or off; returns the tensor.", example: "p.requires_grad_(False)") { args in
                try self.setRequiresGrad(try args.bool("requires_grad"))
                return .host(self)
            },
            method("detach", doc: "The same values outside autograd, sharing them with this tensor (writes show in both).",
                   example: "loss.detach()") { _ in self.detachedAlias() },
            method("clone", doc: "A copy (a snapshot of a parameter's current values); on a tracked tensor the copy stays in the graph.",
                   example: "h = x.clone()") { _ in
                if let live = self.gradTracked { return TensorObject.result(try GradMode.run { live.scaled(by: 1) }, gradFunction: "CloneBackward0") }
                return TensorObject.wrap(self.array)
            },
            method("numpy", doc: "The values as a numpy array (sharing them with the tensor, a snapshot for a computed value).",
                   example: "logits.detach().numpy()") { _ in self.numpyView() },
            tensorMethod("log_softmax", [Parameter("dim", .int, default: .int(-1))], doc: "Log of the softmax along dim.",
                         example: "logits.log_softmax(dim=-1)") { args in
                TensorObject.wrap(try TensorObject.plainSoftmax(self.array, dim: try args.int("dim"), log: true, float32: self.reducesInFloat32))
            },
            tensorMethod("relu", doc: "max(x, 0) element-wise.", example: "h.relu()") { _ in
                TensorObject.wrap(self.array.map(dtype: .float32) { Swift.max($0, 0) })
            },
            tensorMethod("sigmoid", doc: "1 / (1 + e^-x) element-wise.", example: "logits.sigmoid()") { _ in
                TensorObject.wrap(self.array.map(dtype: .float32) { 1 / (1 + Foundation.exp(-$0)) })
            },
            tensorMethod("tanh", doc: "tanh element-wise.", example: "h.tanh()") { _ in
                TensorObject.wrap(self.array.map(dtype: .float32) { Foundation.tanh($0) })
            },
        ]
    }

    /// `t.grad_fn`: the node that made this tensor (None for leaves, detached and plain tensors).
    var gradFunction: Value { gradFunctionName.map { .host(GradFunctionObject(name: $0, output: core)) } ?? Value.none }

    /// PyTorch's name of `grad_fn` (`MulBackward0`), nil for leaves, detached and plain tensors.
    var gradFunctionName: String? {
        guard !isDataView, let core, core.requiresGrad else { return nil }
        return gradFunctionOverride ?? core.gradFunctionName
    }

    /// `p.requires_grad = False` on a parameter from `model.named_parameters()` freezes it for real.
    func setRequiresGrad(_ value: Bool) throws {
        if becomeLeafOfOwnStorage(requiresGrad: value) { return }
        if core == nil, !value { return }
        if core == nil, viewLink == nil {
            try becomeLeaf()
            return
        }
        guard let core, isLive || core.isLeaf else {
            throw ScriptError(.runtimeError, "you can only change requires_grad flags of leaf variables",
                              help: "set requires_grad on a parameter (for n, p in model.named_parameters(): p.requires_grad = False)")
        }
        core.requiresGrad = value
        if !value { core.grad = nil }
    }

    /// `p.requires_grad = False`, `p.grad = None` (called from TensorObject.setAttribute).
    func setTensorAttribute(_ name: String, _ value: Value) throws -> Bool {
        switch name {
        case "requires_grad":
            guard case .bool(let flag) = value else { throw ScriptError(.typeError, "requires_grad must be True or False") }
            try setRequiresGrad(flag)
            return true
        case "grad":
            guard let core else { throw ScriptError(.runtimeError, "only parameters have a .grad to set") }
            if value.isNone {
                core.grad = nil
                return true
            }
            let given = try TorchBindings.tensorObject(value).array
            guard given.shape == core.shape else {
                throw ScriptError(.runtimeError, "assigned grad has data of a different size: \(shapeTuple(given.shape)) for a parameter of shape \(shapeTuple(core.shape))")
            }
            core.grad = try Tensor(shape: core.shape, values: given.values.map { Float($0) })
            return true
        default:
            return false
        }
    }
}

/// `t.grad_fn`: the node that made a tensor in the autograd graph, printed as PyTorch prints it
/// (`<MulBackward0 object at 0x…>`), with `name()`.
final class GradFunctionObject: HostBase {
    let name: String
    /// The tensor this node made (for `next_functions`).
    let output: Tensor?

    init(name: String, output: Tensor?) { (self.name, self.output) = (name, output) }

    override var propertyNames: [String] { ["next_functions"] }

    override func property(_ name: String, context: CallContext) throws -> Value? {
        guard name == "next_functions" else { return nil }
        return output.map { GradFunctionObject.nextFunctions(of: $0) } ?? .tuple([])
    }

    override var typeName: String { name }
    override func repr() -> String { "<\(name) object at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16))>" }

    override func methods() -> [Builtin] {
        [method("name", doc: "The node's name, e.g. MulBackward0.", example: "loss.grad_fn.name()") { _ in .str(self.name) }]
    }
}
