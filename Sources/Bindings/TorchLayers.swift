import Foundation
import Lang
import TensorCore

/// `nn.Linear(in, out)`: weight `[out, in]` and bias `[out]` drawn like PyTorch's `reset_parameters`
/// (kaiming_uniform with a = √5, i.e. U(−1/√in, 1/√in), then the bias from the same bound) from the
/// default torch generator, so `torch.manual_seed(n); nn.Linear(…)` gives PyTorch's values.
final class LinearModuleObject: HostBase {
    let weight: Tensor
    let bias: Tensor?
    private(set) var training = true

    init(inFeatures: Int, outFeatures: Int, bias hasBias: Bool, generator engine: TorchMT19937) throws {
        guard inFeatures > 0, outFeatures > 0, inFeatures * outFeatures <= 50_000_000 else {
            throw ScriptError(.valueError, "Linear needs positive sizes (at most 50,000,000 weights), got \(inFeatures) × \(outFeatures)")
        }
        let bound = Float(1 / Double(inFeatures).squareRoot())
        func uniform(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                let x = Float(engine.random() & ((1 << 24) - 1)) * (1 / Float(1 << 24))
                return x * (bound - -bound) + -bound
            }
        }
        // PyTorch initialises both in place (`kaiming_uniform_`, `uniform_`), so they start at `_version` 1.
        func initialised(_ tensor: Tensor) -> Tensor {
            let counter = VersionCounter()
            counter.bump(nil)
            tensor.versionCounter = counter
            tensor.requiresGrad = true
            return tensor
        }
        weight = initialised(try Tensor(shape: [outFeatures, inFeatures], values: uniform(outFeatures * inFeatures)))
        if hasBias {
            bias = initialised(try Tensor(shape: [outFeatures], values: uniform(outFeatures)))
        } else {
            bias = nil
        }
    }

    override var typeName: String { "Linear" }
    override var cachesMethods: Bool { false }
    override func repr() -> String { "Linear(in_features=\(weight.shape[1]), out_features=\(weight.shape[0]), bias=\(bias == nil ? "False" : "True"))" }

    override var propertyNames: [String] { ["weight", "bias", "in_features", "out_features", "training"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "weight": return TensorObject.parameter(weight)
        case "bias": return bias.map { TensorObject.parameter($0) } ?? Value.none
        case "in_features": return .int(weight.shape[1])
        case "out_features": return .int(weight.shape[0])
        case "training": return .bool(training)
        default: return nil
        }
    }

    var namedParameters: [(String, Tensor)] { [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []) }

    override func asCallable() -> Builtin? {
        Builtin("__call__", owner: "Linear", [Parameter("input")], doc: "x Wᵀ + b.", example: "logits = head(pooled)") { args in
            try bridged {
                let x = try TorchBindings.tensorObject(args["input"]).coreTensor()
                return TensorObject.result(try GradMode.run { try Tensor.linear(x, weight: self.weight, bias: self.bias) })
            }
        }
    }

    override func methods() -> [Builtin] {
        layerMethods(self, parameters: { self.namedParameters }, setTraining: { self.training = $0 })
    }
}

/// `nn.Dropout(p)`: active in training mode (the default), identity after `.eval()`.
final class DropoutModuleObject: HostBase {
    let p: Double
    private(set) var training = true

    init(p: Double) { self.p = p }

    override var typeName: String { "Dropout" }
    override var cachesMethods: Bool { false }
    override func repr() -> String { "Dropout(p=\(Value.float(p).repr), inplace=False)" }
    override var propertyNames: [String] { ["p", "training"] }
    override func property(_ name: String, context: CallContext) throws -> Value? {
        switch name {
        case "p": return .float(p)
        case "training": return .bool(training)
        default: return nil
        }
    }

    /// Dropout on the core (the project's seeded dropout stream; masks are not PyTorch's bit for bit).
    static func apply(_ input: Value, p: Double, training: Bool, context: CallContext) throws -> Value {
        guard (0...1).contains(p) else { throw ScriptError(.valueError, "dropout probability has to be between 0 and 1, but got \(p)") }
        let tensor = try TorchBindings.tensorObject(input)
        guard training, p > 0 else { return .host(tensor) }
        let x = try tensor.coreTensor()
        if p == 1 { return TensorObject.result(try GradMode.run { x.scaled(by: 0) }) }
        return TensorObject.result(try GradMode.run { try x.dropout(p: Float(p), generator: Bindings.state(context).generator(), training: true) })
    }

    override func asCallable() -> Builtin? {
        Builtin("__call__", owner: "Dropout", [Parameter("input")], doc: "Dropout in training mode, identity in eval mode.",
                example: "h = drop(h)") { args in
            try bridged { try DropoutModuleObject.apply(args["input"], p: self.p, training: self.training, context: args.context) }
        }
    }

    override func methods() -> [Builtin] {
        layerMethods(self, parameters: { [] }, setTraining: { self.training = $0 })
    }
}

/// `parameters()`, `named_parameters()`, `train()`, `eval()`, `to()`, `zero_grad()` of the small layers.
private func layerMethods(_ owner: HostBase, parameters: @escaping () -> [(String, Tensor)], setTraining: @escaping (Bool) -> Void) -> [Builtin] {
    [
        owner.method("parameters", doc: "The layer's parameters (live).", example: "list(head.parameters())") { _ in
            Convert.generator(parameters().map { TensorObject.parameter($0.1) })
        },
        owner.method("named_parameters", doc: "(name, parameter) pairs.", example: "dict(head.named_parameters())") { _ in
            Convert.generator(parameters().map { .tuple([.str($0.0), TensorObject.parameter($0.1)]) })
        },
        owner.method("train", [Parameter("mode", .bool, default: .bool(true))], doc: "Training mode; returns the layer.", example: "head.train()") { args in
            setTraining(try args.bool("mode"))
            return .host(owner)
        },
        owner.method("eval", doc: "Eval mode; returns the layer.", example: "head.eval()") { _ in
            setTraining(false)
            return .host(owner)
        },
        owner.method("to", [.variadic("args"), .keywords("kwargs")], doc: "The same layer (CPU).", example: "head.to(device)") { args in
            for item in args.variadic where TensorObject.dtypeIfAny(item) == nil { try DeviceObject.parse(item).requireCPU() }
            return .host(owner)
        },
        owner.method("zero_grad", [Parameter("set_to_none", .bool, default: .bool(true))], doc: "Clear the gradients.", example: "head.zero_grad()") { _ in
            for (_, tensor) in parameters() { tensor.grad = nil }
            return Value.none
        },
        owner.method("state_dict", doc: "name → tensor.", example: "head.state_dict()") { _ in
            .dict(parameters().map { ($0.0, TensorObject.stateEntry($0.1)) })
        },
    ]
}
