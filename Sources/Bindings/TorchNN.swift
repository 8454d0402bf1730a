import Foundation
import Lang
import NumericArrays
import TensorCore

/// `torch.nn`: loss modules, `Linear`/`Dropout` for a small head, `nn.functional`, `nn.utils.clip_grad_norm_`.
enum TorchNNBindings {
    static var nn: ModuleTable {
        ModuleTable(name: "torch.nn", doc: "Module (subclass it), Sequential, ModuleList, Parameter, Linear, Dropout, activations, losses "
                        + "(CrossEntropyLoss, MSELoss, BCEWithLogitsLoss, L1Loss), functional, utils.",
                    builtins: lossModules + layers + [ActivationLayers.parameter],
                    constants: [("functional", TorchBindings.module(functional)), ("utils", TorchBindings.module(nnUtils))]
                        + TorchModuleClass.constants)
    }

    static let reductionParameter = Parameter("reduction", .choice(["mean", "sum", "none"]), default: .str("mean"))

    static var lossModules: [Builtin] {
        [
            Builtin("CrossEntropyLoss", owner: "torch.nn", [.optional("weight"), .optional("size_average"), Parameter("ignore_index", .int, default: .int(-100)),
                                                            .optional("reduce"), reductionParameter, Parameter("label_smoothing", .number, default: .float(0))],
                    doc: "Cross-entropy on logits: class weights, ignore_index, label_smoothing, reduction.",
                    example: "loss_fct = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 1.0]))") { args in
                let weight = args["weight"], ignore = try args.int("ignore_index"), smoothing = try args.double("label_smoothing")
                let reduction = try TorchLosses.reduction(args["reduction"])
                let settings = "ignore_index=\(ignore), label_smoothing=\(smoothing), reduction='\(reduction.rawValue)'"
                return .host(LossModuleObject(name: "CrossEntropyLoss", settings: settings) { input, target in
                    try TorchLosses.crossEntropy(input, target, weight: weight, ignoreIndex: ignore, reduction: reduction, labelSmoothing: smoothing)
                })
            },
            Builtin("MSELoss", owner: "torch.nn", [.optional("size_average"), .optional("reduce"), reductionParameter],
                    doc: "Mean squared error.", example: "loss_fct = nn.MSELoss()") { args in
                let reduction = try TorchLosses.reduction(args["reduction"])
                return .host(LossModuleObject(name: "MSELoss", settings: "reduction='\(reduction.rawValue)'") { input, target in
                    try TorchLosses.mse(input, target, reduction: reduction)
                })
            },
            Builtin("L1Loss", owner: "torch.nn", [.optional("size_average"), .optional("reduce"), reductionParameter],
                    doc: "Mean absolute error.", example: "loss_fct = nn.L1Loss()") { args in
                let reduction = try TorchLosses.reduction(args["reduction"])
                return .host(LossModuleObject(name: "L1Loss", settings: "reduction='\(reduction.rawValue)'") { input, target in
                    try TorchLosses.l1(input, target, reduction: reduction)
                })
            },
            Builtin("BCEWithLogitsLoss", owner: "torch.nn", [.optional("weight"), .optional("size_average"), .optional("reduce"), reductionParameter,
                                                             .optional("pos_weight")],
                    doc: "Binary cross-entropy on logits (multi-label), with weight and pos_weight.",
                    example: "loss_fct = nn.BCEWithLogitsLoss()") { args in
                let weight = args["weight"], posWeight = args["pos_weight"]
                let reduction = try TorchLosses.reduction(args["reduction"])
                return .host(LossModuleObject(name: "BCEWithLogitsLoss", settings: "reduction='\(reduction.rawValue)'") { input, target in
                    try TorchLosses.bceWithLogits(input, target, weight: weight, posWeight: posWeight, reduction: reduction)
                })
            },
        ]
    }

    static var layers: [Builtin] {
        [
            Builtin("Linear", owner: "torch.nn", [Parameter("in_features", .int), Parameter("out_features", .int), Parameter("bias", .bool, default: .bool(true)),
                                                  .optional("device"), .optional("dtype")],
                    doc: "y = x Wᵀ + b, initialised like PyTorch from the default generator.", example: "head = nn.Linear(384, 3)") { args in
                try bridged {
                    .host(try LinearModuleObject(inFeatures: try args.int("in_features"), outFeatures: try args.int("out_features"),
                                                 bias: try args.bool("bias"), generator: TorchRandom.global(args.context)))
                }
            },
            Builtin("Dropout", owner: "torch.nn", [Parameter("p", .number, default: .float(0.5)), Parameter("inplace", .bool, default: .bool(false))],
                    doc: "Zero values with probability p in training mode (scaled by 1/(1-p)).", example: "drop = nn.Dropout(0.1)") { args in
                let p = try args.double("p")
                guard (0...1).contains(p) else { throw ScriptError(.valueError, "dropout probability has to be between 0 and 1, but got \(p)") }
                return .host(DropoutModuleObject(p: p))
            },
        ]
    }

    static var functional: ModuleTable {
        let owner = "torch.nn.functional"
        func unary(_ name: String, doc: String) -> Builtin {
            Builtin(name, owner: owner, [Parameter("input"), .variadic("args"), .keywords("kwargs")], doc: doc, example: "F.\(name)(x)") { args in
                let input = try TorchBindings.tensorObject(args["input"])
                guard let method = try input.getAttribute(name, context: args.context) else { return Value.none }
                return try args.context.call(method, args.variadic, keywords: args.keywords.filter { $0.0 != "inplace" })
            }
        }
        return ModuleTable(name: owner, doc: "Functional forms: softmax, log_softmax, cross_entropy, mse_loss, relu, gelu, silu, dropout, ….", builtins: [
            unary("softmax", doc: "Softmax along dim."), unary("log_softmax", doc: "Log-softmax along dim."),
            unary("relu", doc: "max(x, 0)."), unary("sigmoid", doc: "Logistic function."), unary("tanh", doc: "tanh."),
            Builtin("gelu", owner: owner, [Parameter("input"), .keyword("approximate", .choice(["none", "tanh"]), default: .str("none"))],
                    doc: "GELU (exact erf form, or the tanh approximation).", example: "F.gelu(x)") { args in
                let input = try TorchBindings.tensorObject(args["input"])
                let tanh = try args.string("approximate") == "tanh"
                return TensorObject.result(try GradMode.run { let x = try input.coreTensor(); return tanh ? x.geluTanh() : x.gelu() })
            },
            Builtin("silu", owner: owner, [Parameter("input"), Parameter("inplace", .bool, default: .bool(false))], doc: "x · sigmoid(x).", example: "F.silu(x)") { args in
                let input = try TorchBindings.tensorObject(args["input"])
                return TensorObject.result(try GradMode.run { try input.coreTensor().silu() })
            },
            Builtin("dropout", owner: owner, [Parameter("input"), Parameter("p", .number, default: .float(0.5)), Parameter("training", .bool, default: .bool(true)),
                                              Parameter("inplace", .bool, default: .bool(false))],
                    doc: "Dropout (a no-op when training=False).", example: "F.dropout(x, p=0.1, training=model.training)") { args in
                try DropoutModuleObject.apply(args["input"], p: try args.double("p"), training: try args.bool("training"), context: args.context)
            },
            Builtin("cross_entropy", owner: owner, [Parameter("input"), Parameter("target"), .optional("weight"), .optional("size_average"),
                                                    Parameter("ignore_index", .int, default: .int(-100)), .optional("reduce"), reductionParameter,
                                                    Parameter("label_smoothing", .number, default: .float(0))],
                    doc: "Cross-entropy on logits (same options as nn.CrossEntropyLoss).", example: "loss = F.cross_entropy(logits, labels)") { args in
                try TorchLosses.crossEntropy(args["input"], args["target"], weight: args["weight"], ignoreIndex: try args.int("ignore_index"),
                                             reduction: try TorchLosses.reduction(args["reduction"]), labelSmoothing: try args.double("label_smoothing"))
            },
            Builtin("mse_loss", owner: owner, [Parameter("input"), Parameter("target"), .optional("size_average"), .optional("reduce"), reductionParameter],
                    doc: "Mean squared error.", example: "F.mse_loss(pred, target)") { args in
                try TorchLosses.mse(args["input"], args["target"], reduction: try TorchLosses.reduction(args["reduction"]))
            },
            Builtin("l1_loss", owner: owner, [Parameter("input"), Parameter("target"), .optional("size_average"), .optional("reduce"), reductionParameter],
                    doc: "Mean absolute error.", example: "F.l1_loss(pred, target)") { args in
                try TorchLosses.l1(args["input"], args["target"], reduction: try TorchLosses.reduction(args["reduction"]))
            },
            Builtin("binary_cross_entropy_with_logits", owner: owner, [Parameter("input"), Parameter("target"), .optional("weight"), .optional("size_average"),
                                                                       .optional("reduce"), reductionParameter, .optional("pos_weight")],
                    doc: "Binary cross-entropy on logits.", example: "F.binary_cross_entropy_with_logits(logits, targets)") { args in
                try TorchLosses.bceWithLogits(args["input"], args["target"], weight: args["weight"], posWeight: args["pos_weight"],
                                              reduction: try TorchLosses.reduction(args["reduction"]))
            },
        ])
    }

    static var nnUtils: ModuleTable {
        ModuleTable(name: "torch.nn.utils", doc: "clip_grad_norm_.", builtins: [
            Builtin("clip_grad_norm_", owner: "torch.nn.utils", [Parameter("parameters"), Parameter("max_norm", .number), Parameter("norm_type", .number, default: .float(2)),
                                                                 Parameter("error_if_nonfinite", .bool, default: .bool(false)), .optional("foreach")],
                    doc: "Scale the gradients so their global L2 norm is at most max_norm; returns the norm before clipping.",
                    example: "torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)") { args in
                try clipGradNorm(args)
            },
        ])
    }

    /// PyTorch's `clip_grad_norm_`: total = ‖(‖g₁‖, ‖g₂‖, …)‖₂ in float32, coefficient `max_norm / (total + 1e-6)`
    /// clamped to 1, every gradient multiplied by it.
    static func clipGradNorm(_ args: Arguments) throws -> Value {
        let items: [Value]
        if case .host(let object) = args["parameters"], object is TensorObject { items = [args["parameters"]] } else { items = try args.context.items(of: args["parameters"]) }
        guard try args.double("norm_type") == 2 else {
            throw ScriptError(.valueError, "clip_grad_norm_ supports norm_type=2 here", help: "leave norm_type at its default")
        }
        let maxNorm = try args.double("max_norm")
        var grads: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        for item in items {
            guard case .host(let object) = item, let tensor = object as? TensorObject, let core = tensor.core else {
                throw ScriptError(.typeError, "clip_grad_norm_ expects parameters, got \(item.typeName)")
            }
            if let grad = core.grad, seen.insert(ObjectIdentifier(core)).inserted { grads.append(grad) }
        }
        guard !grads.isEmpty else { return TensorObject.wrap(NDArray(scalar: 0)) }
        var squares: Float = 0
        for grad in grads {
            var local: Float = 0
            for g in grad.toArray() { local += g * g }
            let norm = local.squareRoot()
            squares += norm * norm
        }
        let total = squares.squareRoot()
        if try args.bool("error_if_nonfinite"), !total.isFinite {
            throw ScriptError(.runtimeError, "The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped.")
        }
        let coefficient = Swift.min(Float(maxNorm) / (total + 1e-6), 1)
        if coefficient < 1 {
            for grad in grads { try grad.assign(grad.toArray().map { $0 * coefficient }) }
        }
        return TensorObject.wrap(NDArray(scalar: Double(total)))
    }
}

/// A loss module: `loss_fct = nn.CrossEntropyLoss(...)`, then `loss_fct(logits, labels)`.
final class LossModuleObject: HostBase {
    let name: String
    let settings: String
    let compute: (Value, Value) throws -> Value

    init(name: String, settings: String, compute: @escaping (Value, Value) throws -> Value) {
        self.name = name
        self.settings = settings
        self.compute = compute
    }

    override var typeName: String { name }
    override func repr() -> String { "\(name)()" }
    override var helpText: String { "\(name)(\(settings))" }

    override func asCallable() -> Builtin? {
        Builtin("__call__", owner: name, [Parameter("input"), Parameter("target")], doc: "The loss of input against target.",
                example: "loss = loss_fct(logits, labels)") { [compute] args in
            try bridged { try compute(args["input"], args["target"]) }
        }
    }

    override func methods() -> [Builtin] {
        [method("to", [.variadic("args")], doc: "The same loss (CPU).", example: "loss_fct.to(device)") { _ in .host(self) }]
    }
    override var cachesMethods: Bool { false }
}
