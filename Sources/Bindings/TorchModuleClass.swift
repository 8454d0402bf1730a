import Foundation
import Lang
import TensorCore

/// `torch.nn.Module` for scripts, and the containers and activation layers built on it:
///
///     class Classifier(nn.Module):
///         def __init__(self, encoder, n_labels):
///             super().__init__()
///             self.encoder = encoder                      # a transformers model, a Linear, another Module …
///             self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(384, n_labels))
///         def forward(self, input_ids, attention_mask):
///             hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
///             return self.head(hidden[:, 0])
///
/// As in PyTorch, a submodule is any attribute holding a module (in assignment order) and a parameter is
/// an attribute holding an `nn.Parameter`; `parameters()` lists the module's own parameters, then its
/// children's, each tensor once; `model(x)` calls `forward`; `train()`/`eval()` reach every submodule.
enum TorchModuleClass {
    static let module: TypeObject = TypeObject.nativeClass(
        name: "Module", module: "torch.nn.modules.module",
        doc: "Base class of network parts: subclass it, assign layers in __init__ after super().__init__(), define forward().",
        methods: moduleMethods)

    /// `nn.Sequential(*layers)` or `nn.Sequential(OrderedDict(name=layer, …))`: calls its layers in order.
    static let sequential: TypeObject = TypeObject.nativeClass(
        name: "Sequential", module: "torch.nn.modules.container", doc: "Layers called one after the other.", methods: sequentialMethods, parent: module)

    /// `nn.ModuleList(layers)`: a list whose layers are registered as submodules (no forward of its own).
    static let moduleList: TypeObject = TypeObject.nativeClass(
        name: "ModuleList", module: "torch.nn.modules.container", doc: "A list of submodules.", methods: moduleListMethods, parent: module)

    /// The names `torch.nn` exposes from this file.
    static var constants: [(String, Value)] {
        [("Module", .type(module)), ("Sequential", .type(sequential)), ("ModuleList", .type(moduleList))]
            + ActivationLayers.types.map { ($0.name, Value.type($0)) }
    }

    // MARK: what counts as a module

    /// True for an `nn.Module` instance, a built-in layer or loss, or a transformers/PEFT model.
    static func isModule(_ value: Value) -> Bool {
        guard case .host(let host) = value else { return false }
        if let instance = host as? Instance { return instance.isInstance(of: module) }
        return host is LinearModuleObject || host is DropoutModuleObject || host is LossModuleObject || host is ModelHostBase
    }

    static func instance(_ value: Value) throws -> Instance {
        guard case .host(let object) = value, let instance = object as? Instance, instance.isInstance(of: module) else {
            throw ScriptError(.typeError, "this method needs an nn.Module instance, not \(value.typeName)")
        }
        return instance
    }

    /// The submodules, in assignment order (`named_children()`).
    static func children(_ instance: Instance) -> [(String, Value)] {
        instance.attributes.pairs.compactMap { key, value in
            guard case .str(let name) = key, isModule(value) else { return nil }
            return (name, value)
        }
    }

    /// The module's own `nn.Parameter` attributes, in assignment order.
    static func ownParameters(_ instance: Instance) -> [(String, TensorObject)] {
        instance.attributes.pairs.compactMap { key, value in
            guard case .str(let name) = key, case .host(let object) = value, let tensor = object as? TensorObject, tensor.isParameter else {
                return nil
            }
            return (name, tensor)
        }
    }

    /// Every parameter under `value` with its dotted name, each tensor once (PyTorch's `named_parameters`).
    static func namedParameters(_ value: Value, prefix: String, recurse: Bool, context: CallContext) throws -> [(String, Value)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(String, Value)] = []
        func add(_ name: String, _ tensor: Value) {
            guard case .host(let object) = tensor, let t = object as? TensorObject else { return }
            let identity = t.core.map { ObjectIdentifier($0) } ?? ObjectIdentifier(t)
            if seen.insert(identity).inserted { result.append((name, tensor)) }
        }
        func walk(_ value: Value, _ prefix: String, _ deep: Bool) throws {
            let dotted = { (name: String) in prefix.isEmpty ? name : prefix + "." + name }
            guard case .host(let host) = value else { return }
            if let instance = host as? Instance {
                for (name, tensor) in ownParameters(instance) { add(dotted(name), .host(tensor)) }
                guard deep else { return }
                for (name, child) in children(instance) { try walk(child, dotted(name), true) }
            } else if let method = try host.getAttribute("named_parameters", context: context) {
                for pair in try context.items(of: try context.call(method, [])) {
                    guard let items = pair.sequenceItems, items.count == 2, case .str(let name) = items[0] else { continue }
                    add(dotted(name), items[1])
                }
            }
        }
        try walk(value, prefix, recurse)
        return result
    }

    /// `(name, module)` for the module and every submodule below it, pre-order (`named_modules()`).
    static func namedModules(_ value: Value, prefix: String) -> [(String, Value)] {
        guard case .host(let instance as Instance) = value else { return [(prefix, value)] }
        var result = [(prefix, value)]
        for (name, child) in children(instance) {
            result += namedModules(child, prefix: prefix.isEmpty ? name : prefix + "." + name)
        }
        return result
    }

    /// `train(mode)` on the module and every submodule.
    static func setTraining(_ value: Value, _ mode: Bool, context: CallContext) throws {
        guard case .host(let host) = value else { return }
        if let instance = host as? Instance {
            instance.attributes.set("training", .bool(mode))
            for (_, child) in children(instance) { try setTraining(child, mode, context: context) }
        } else if let method = try host.getAttribute("train", context: context) {
            _ = try context.call(method, [.bool(mode)])
        }
    }

    // MARK: printing

    /// PyTorch's module text: `Name(extra)` or `Name(\n  (child): …\n)`, nested children indented.
    static func repr(_ instance: Instance, context: CallContext) throws -> String {
        var extraLines: [String] = []
        if let method = instance.override("extra_repr") ?? ActivationLayers.extraRepr(instance) {
            let text = try context.call(method, [])
            if case .str(let s) = text, !s.isEmpty { extraLines = s.components(separatedBy: "\n") }
        }
        var childLines: [String] = []
        let named = try children(instance).map { ($0.0, try context.repr($0.1).replacingOccurrences(of: "\n", with: "\n  ")) }
        if instance.isInstance(of: moduleList) {
            // ModuleList prints runs of equal layers once: `(0-2): 3 x Linear(...)`
            var start = 0
            while start < named.count {
                var end = start
                while end + 1 < named.count, named[end + 1].1 == named[start].1 { end += 1 }
                childLines.append(end == start ? "(\(named[start].0)): \(named[start].1)"
                                  : "(\(named[start].0)-\(named[end].0)): \(end - start + 1) x \(named[start].1)")
                start = end + 1
            }
        } else {
            childLines = named.map { "(\($0.0)): \($0.1)" }
        }
        let lines = extraLines + childLines
        var text = instance.type.name + "("
        if extraLines.count == 1 && childLines.isEmpty {
            text += extraLines[0]
        } else if !lines.isEmpty {
            text += "\n  " + lines.joined(separator: "\n  ") + "\n"
        }
        return text + ")"
    }

    // MARK: the methods of nn.Module

    private static func moduleMethod(_ name: String, _ parameters: [Parameter] = [], doc: String,
                                     _ body: @escaping (Instance, Arguments) throws -> Value) -> Builtin {
        Builtin(name, owner: "Module", [Parameter("self")] + parameters, doc: doc) { args in
            try body(try instance(args["self"]), args)
        }
    }

    static var moduleMethods: [Builtin] {
        [
            moduleMethod("__init__", [.variadic("args"), .keywords("kwargs")], doc: "Set up an empty module in training mode.") { instance, _ in
                instance.attributes.set("training", .bool(true))
                return Value.none
            },
            moduleMethod("__call__", [.variadic("args"), .keywords("kwargs")], doc: "Run forward(...).") { instance, args in
                guard let forward = try instance.getAttribute("forward", context: args.context) else { return Value.none }
                return try args.context.call(forward, args.variadic, keywords: args.keywords)
            },
            moduleMethod("forward", [.variadic("args"), .keywords("kwargs")], doc: "Define forward(self, ...) in your subclass.") { instance, _ in
                throw ScriptError(.notImplementedError, "Module [\(instance.type.name)] is missing the required \"forward\" function",
                                  help: "define forward(self, ...) in class \(instance.type.name)")
            },
            moduleMethod("__repr__", doc: "PyTorch's module tree.") { instance, args in .str(try repr(instance, context: args.context)) },
            moduleMethod("parameters", [Parameter("recurse", .bool, default: .bool(true))], doc: "Every parameter (a generator).") { instance, args in
                Convert.generator(try namedParameters(.host(instance), prefix: "", recurse: try args.bool("recurse"), context: args.context).map(\.1))
            },
            moduleMethod("named_parameters", [Parameter("prefix", .str, default: .str("")), Parameter("recurse", .bool, default: .bool(true))],
                         doc: "(name, parameter) pairs (a generator).") { instance, args in
                Convert.generator(try namedParameters(.host(instance), prefix: try args.string("prefix"), recurse: try args.bool("recurse"),
                                                      context: args.context).map { .tuple([.str($0.0), $0.1]) })
            },
            moduleMethod("children", doc: "The direct submodules (a generator).") { instance, _ in
                Convert.generator(children(instance).map(\.1))
            },
            moduleMethod("named_children", doc: "(name, submodule) pairs (a generator).") { instance, _ in
                Convert.generator(children(instance).map { .tuple([.str($0.0), $0.1]) })
            },
            moduleMethod("modules", doc: "This module and every submodule below it (a generator).") { instance, _ in
                Convert.generator(namedModules(.host(instance), prefix: "").map(\.1))
            },
            moduleMethod("named_modules", doc: "(name, module) pairs, this module first with name ''.") { instance, _ in
                Convert.generator(namedModules(.host(instance), prefix: "").map { .tuple([.str($0.0), $0.1]) })
            },
            moduleMethod("train", [Parameter("mode", .bool, default: .bool(true))], doc: "Training mode for every submodule; returns the module.") { instance, args in
                try setTraining(.host(instance), try args.bool("mode"), context: args.context)
                return .host(instance)
            },
            moduleMethod("eval", doc: "Evaluation mode (dropout off) for every submodule; returns the module.") { instance, args in
                try setTraining(.host(instance), false, context: args.context)
                return .host(instance)
            },
            moduleMethod("zero_grad", [Parameter("set_to_none", .bool, default: .bool(true))], doc: "Clear every parameter's gradient.") { instance, args in
                let toNone = try args.bool("set_to_none")
                for (_, value) in try namedParameters(.host(instance), prefix: "", recurse: true, context: args.context) {
                    guard let tensor = try TorchBindings.tensorObject(value).core else { continue }
                    if toNone { tensor.grad = nil } else if let grad = tensor.grad { try grad.assign([Float](repeating: 0, count: grad.count)) }
                }
                return Value.none
            },
            moduleMethod("requires_grad_", [Parameter("requires_grad", .bool, default: .bool(true))],
                         doc: "Turn gradients of every parameter on or off; returns the module.") { instance, args in
                let flag = try args.bool("requires_grad")
                for (_, value) in try namedParameters(.host(instance), prefix: "", recurse: true, context: args.context) {
                    guard let tensor = try TorchBindings.tensorObject(value).core else { continue }
                    tensor.requiresGrad = flag
                    if !flag { tensor.grad = nil }
                }
                return .host(instance)
            },
            moduleMethod("to", [.variadic("args"), .keywords("kwargs")], doc: "The same module (everything runs on the CPU).") { instance, args in
                try castArguments(args) { _ in
                    throw ScriptError(.notImplementedError, "to(dtype) on an nn.Module subclass is not supported; its layers stay float32",
                                      help: "convert the transformers model itself with model.to(torch.bfloat16) before wrapping it")
                }
                return .host(instance)
            },
            moduleMethod("cpu", doc: "The same module.") { instance, _ in .host(instance) },
            moduleMethod("state_dict", doc: "name → tensor (detached: the parameters' live values outside autograd).") { instance, args in
                .dict(try namedParameters(.host(instance), prefix: "", recurse: true, context: args.context).map { name, value in
                    guard case .host(let tensor as TensorObject) = value, let core = tensor.core else { return (name, value) }
                    return (name, TensorObject.stateEntry(core))
                })
            },
            moduleMethod("load_state_dict", [Parameter("state_dict", .dict), Parameter("strict", .bool, default: .bool(true))],
                         doc: "Copy values into the parameters with the same names; returns (missing_keys, unexpected_keys).") { instance, args in
                var targets: [(String, Tensor)] = []
                for (name, value) in try namedParameters(.host(instance), prefix: "", recurse: true, context: args.context) {
                    if let tensor = try TorchBindings.tensorObject(value).core { targets.append((name, tensor)) }
                }
                return try loadNamedStateDict(targets, args, typeName: instance.type.name)
            },
            moduleMethod("add_module", [Parameter("name", .str), Parameter("module")], doc: "Register a submodule under a name.") { instance, args in
                instance.attributes.set(try args.string("name"), args["module"])
                return Value.none
            },
            moduleMethod("register_parameter", [Parameter("name", .str), Parameter("param")], doc: "Register a parameter under a name.") { instance, args in
                instance.attributes.set(try args.string("name"), args["param"])
                return Value.none
            },
            moduleMethod("apply", [Parameter("fn")], doc: "Call fn on every submodule, then on this module; returns the module.") { instance, args in
                for (_, child) in namedModules(.host(instance), prefix: "").dropFirst().reversed() { _ = try args.context.call(args["fn"], [child]) }
                _ = try args.context.call(args["fn"], [.host(instance)])
                return .host(instance)
            },
        ]
    }

    // MARK: Sequential and ModuleList

    /// The layers of a Sequential/ModuleList (their attributes "0", "1", … or the names given).
    static func layers(_ instance: Instance) -> [Value] { children(instance).map(\.1) }

    private static func layerIndex(_ key: Value, count: Int, in instance: Instance) throws -> Int {
        guard let index = key.intValue else {
            throw ScriptError(.typeError, "\(instance.type.name) indices must be integers or slices, not \(key.typeName)")
        }
        let position = index < 0 ? index + count : index
        guard position >= 0, position < count else { throw ScriptError(.indexError, "index \(index) is out of range") }
        return position
    }

    private static var containerMethods: [Builtin] {
        [
            moduleMethod("__len__", doc: "The number of layers.") { instance, _ in .int(layers(instance).count) },
            moduleMethod("__iter__", doc: "The layers, in order.") { instance, _ in Convert.generator(layers(instance)) },
            moduleMethod("__getitem__", [Parameter("index")], doc: "One layer, or a slice as a new container.") { instance, args in
                let all = layers(instance)
                if case .slice(let slice) = args["index"] {
                    let picked = try args.context.interpreter.sliceIndices(slice, count: all.count).map { all[$0] }
                    return try args.context.call(.type(instance.type), [.list(picked)])
                }
                return all[try layerIndex(args["index"], count: all.count, in: instance)]
            },
            moduleMethod("append", [Parameter("module")], doc: "Add a layer at the end; returns the container.") { instance, args in
                instance.attributes.set(String(layers(instance).count), args["module"])
                return .host(instance)
            },
        ]
    }

    private static var sequentialMethods: [Builtin] {
        containerMethods + [
            moduleMethod("__init__", [.variadic("args")], doc: "Sequential(layer, layer, …) or Sequential(OrderedDict(name=layer, …)).") { instance, args in
                instance.attributes.set("training", .bool(true))
                if args.variadic.count == 1, case .dict(let named) = args.variadic[0] {
                    for (key, layer) in named.pairs { try instance.attributes.set(key, layer) }
                } else {
                    let given = args.variadic.count == 1 && !isModule(args.variadic[0]) ? try args.context.items(of: args.variadic[0]) : args.variadic
                    for (index, layer) in given.enumerated() { instance.attributes.set(String(index), layer) }
                }
                return Value.none
            },
            moduleMethod("forward", [Parameter("input")], doc: "Each layer on the previous one's output.") { instance, args in
                var value = args["input"]
                for layer in layers(instance) { value = try args.context.call(layer, [value]) }
                return value
            },
        ]
    }

    private static var moduleListMethods: [Builtin] {
        containerMethods + [
            moduleMethod("__init__", [.optional("modules")], doc: "ModuleList(layers).") { instance, args in
                instance.attributes.set("training", .bool(true))
                let given = args["modules"].isNone ? [] : try args.context.items(of: args["modules"])
                for (index, layer) in given.enumerated() { instance.attributes.set(String(index), layer) }
                return Value.none
            },
            moduleMethod("extend", [Parameter("modules")], doc: "Add layers at the end; returns the list.") { instance, args in
                for layer in try args.context.items(of: args["modules"]) { instance.attributes.set(String(layers(instance).count), layer) }
                return .host(instance)
            },
        ]
    }
}
