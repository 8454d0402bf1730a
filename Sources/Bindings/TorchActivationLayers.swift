import Foundation
import Lang
import TensorCore

/// `nn.ReLU()`, `nn.GELU()`, `nn.Tanh()`, `nn.Sigmoid()`, `nn.SiLU()`, `nn.Softmax(dim)`, `nn.LogSoftmax(dim)`,
/// `nn.Identity()`, `nn.Flatten()` and `nn.Parameter(...)`: the small pieces scripts put in a
/// `Sequential` or a custom head. Each layer is an `nn.Module` whose forward is the `torch.nn.functional`
/// form (or tensor method) of the same name, with its settings kept as attributes (`act.dim`).
enum ActivationLayers {
    private struct Layer {
        let name: String
        /// The `torch.nn.functional` function (or, for `flatten`, the tensor method) forward calls.
        let function: String
        /// Constructor settings in PyTorch's order with their defaults; forward passes them as keywords,
        /// except those in `constructorOnly`.
        let settings: [(String, Value)]
        var constructorOnly: Set<String> = ["inplace"]
        /// The settings `extra_repr` shows (PyTorch's text).
        let shown: [String]
        /// The module PyTorch defines the class in (for `type(layer)`).
        var module = "torch.nn.modules.activation"
    }

    private static let layers: [Layer] = [
        Layer(name: "ReLU", function: "relu", settings: [("inplace", .bool(false))], shown: []),
        Layer(name: "GELU", function: "gelu", settings: [("approximate", .str("none"))], shown: ["approximate"]),
        Layer(name: "Tanh", function: "tanh", settings: [], shown: []),
        Layer(name: "Sigmoid", function: "sigmoid", settings: [], shown: []),
        Layer(name: "SiLU", function: "silu", settings: [("inplace", .bool(false))], shown: []),
        Layer(name: "Softmax", function: "softmax", settings: [("dim", Value.none)], shown: ["dim"]),
        Layer(name: "LogSoftmax", function: "log_softmax", settings: [("dim", Value.none)], shown: ["dim"]),
        Layer(name: "Identity", function: "", settings: [], shown: [], module: "torch.nn.modules.linear"),
        Layer(name: "Flatten", function: "flatten", settings: [("start_dim", .int(1)), ("end_dim", .int(-1))], constructorOnly: [],
              shown: ["start_dim", "end_dim"], module: "torch.nn.modules.flatten"),
    ]

    static let types: [TypeObject] = layers.map(makeType)

    private static let functional: [String: Builtin] = {
        var table: [String: Builtin] = [:]
        for builtin in TorchNNBindings.functional.builtins { table[builtin.name] = builtin }
        return table
    }()

    private static func makeType(_ layer: Layer) -> TypeObject {
        let initialize = Builtin("__init__", owner: layer.name, [Parameter("self")] + layer.settings.map { Parameter($0.0, default: $0.1) }
                                 + (layer.name == "Identity" ? [.variadic("args"), .keywords("kwargs")] : []),
                                 doc: "Keep the settings.") { args in
            let instance = try TorchModuleClass.instance(args["self"])
            instance.attributes.set("training", .bool(true))
            for (name, _) in layer.settings { instance.attributes.set(name, args[name]) }
            return Value.none
        }
        let forward = Builtin("forward", owner: layer.name, [Parameter("self"), Parameter("input")], doc: "Apply \(layer.function).") { args in
            let instance = try TorchModuleClass.instance(args["self"])
            if layer.function.isEmpty { return args["input"] }
            let keywords = layer.settings.filter { !layer.constructorOnly.contains($0.0) }.map { ($0.0, instance.attributes.get($0.0) ?? $0.1) }
            if let function = functional[layer.function] {
                return try args.context.call(.builtin(function), [args["input"]], keywords: keywords.filter { !$0.1.isNone })
            }
            guard case .host(let tensor) = args["input"], let method = try tensor.getAttribute(layer.function, context: args.context) else {
                throw ScriptError(.typeError, "\(layer.name) expects a tensor, not \(args["input"].typeName)")
            }
            return try args.context.call(method, [], keywords: keywords)
        }
        return TypeObject.nativeClass(name: layer.name, module: layer.module, doc: "nn.\(layer.name): \(layer.function.isEmpty ? "returns its input" : layer.function) as a layer.",
                                      methods: [initialize, forward], parent: TorchModuleClass.module)
    }

    /// PyTorch's `extra_repr` of a built-in layer (`dim=-1`, `approximate='none'`), nil for other modules.
    static func extraRepr(_ instance: Instance) -> Value? {
        guard let index = types.firstIndex(where: { $0 === instance.type }) else { return nil }
        let layer = layers[index]
        let parts = layer.shown.map { name in "\(name)=\((instance.attributes.get(name) ?? Value.none).repr)" }
        return .builtin(Builtin("extra_repr", owner: layer.name, [], doc: "The settings as text.") { _ in .str(parts.joined(separator: ", ")) })
    }

    /// `nn.Parameter(data, requires_grad=True)`: a new leaf tensor with `data`'s values that an `nn.Module`
    /// attribute registers as a parameter.
    static let parameter = Builtin("Parameter", owner: "torch.nn", [.optional("data"), Parameter("requires_grad", .bool, default: .bool(true))],
                                   doc: "A trainable tensor: assign it to an nn.Module attribute to register it.",
                                   example: "self.scale = nn.Parameter(torch.ones(1))") { args in
        let values: Tensor
        if args["data"].isNone {
            values = try Tensor(shape: [0], values: [])
        } else {
            let source = try TorchBindings.tensorObject(args["data"]).coreTensor()
            values = try Tensor(shape: source.shape, values: source.toArray())
        }
        values.requiresGrad = try args.bool("requires_grad")
        return TensorObject.parameter(values)
    }
}
