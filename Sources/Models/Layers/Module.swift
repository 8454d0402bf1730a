import Foundation
import TensorCore

/// A node of the module tree, like `torch.nn.Module`: named children in registration order, own
/// parameters, a training flag. Names follow Hugging Face exactly so PEFT's `target_modules` and
/// adapter keys match (`bert.encoder.layer.0.attention.self.query`).
open class Module {
    /// Direct children in registration order, e.g. `[("embeddings", …), ("encoder", …)]`.
    public private(set) var children: [(name: String, module: Module)] = []
    private var training = false

    public init() {}

    /// Own parameters in registration order, e.g. `[("weight", w), ("bias", b)]`.
    open var parameters: [(name: String, tensor: Tensor)] { [] }

    /// Own non-trainable tensors that belong to the state dict (none in the current models: BERT's
    /// `position_ids` is recomputed, like transformers' non-persistent buffer).
    open var buffers: [(name: String, tensor: Tensor)] { [] }

    /// The class name shown in reprs and load reports ("BertSelfAttention").
    open var typeName: String { String(describing: type(of: self)) }

    /// Training mode (dropout on) or eval mode; setting it propagates to every descendant.
    public var isTraining: Bool {
        get { training }
        set {
            training = newValue
            for child in children { child.module.isTraining = newValue }
        }
    }

    /// Registers a child under `name` and returns it (call from initialisers, in HF's order).
    @discardableResult
    public func register<Child: Module>(_ name: String, _ child: Child) -> Child {
        children.append((name, child))
        child.isTraining = training
        return child
    }

    /// Registers several children, in HF's order (call from initialisers).
    public func register(_ named: (String, Module)...) {
        for (name, child) in named { register(name, child) }
    }

    /// The direct child called `name`.
    public func child(named name: String) -> Module? { children.first { $0.name == name }?.module }

    /// Every module with its full dotted name ("" for the root), depth-first, registration order.
    public func namedModules() -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = []
        collectModules(prefix: "", into: &result)
        return result
    }

    private func collectModules(prefix: String, into result: inout [(name: String, module: Module)]) {
        result.append((prefix, self))
        for child in children {
            child.module.collectModules(prefix: prefix.isEmpty ? child.name : prefix + "." + child.name, into: &result)
        }
    }

    /// Every parameter with its full dotted name, adapters' included
    /// ("…query.lora_A.default.weight"); a tensor shared by two modules (tied embeddings) is listed
    /// once, under its first name, like `named_parameters()`.
    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, tensor: Tensor)] = []
        for (moduleName, module) in namedModules() {
            var own = module.parameters
            if let linear = module as? Linear {
                if let delta = linear.delta { own += delta.parameters }
                if let adapter = linear.adapter { own += adapter.namedParameters }
            }
            for (name, tensor) in own where seen.insert(ObjectIdentifier(tensor)).inserted {
                result.append((moduleName.isEmpty ? name : moduleName + "." + name, tensor))
            }
        }
        return result
    }

    /// The model's own weights (no adapters) and buffers by full name, each shared tensor once: what
    /// `model.safetensors` holds.
    public func stateDict() -> [(name: String, tensor: Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(name: String, tensor: Tensor)] = []
        for (moduleName, module) in namedModules() {
            for (name, tensor) in module.parameters + module.buffers where seen.insert(ObjectIdentifier(tensor)).inserted {
                result.append((moduleName.isEmpty ? name : moduleName + "." + name, tensor))
            }
        }
        return result
    }

    /// The module at a dotted path ("bert.encoder.layer.0"), or nil.
    public func module(at path: String) -> Module? {
        if path.isEmpty { return self }
        var current: Module = self
        for part in path.split(separator: ".") {
            guard let next = current.child(named: String(part)) else { return nil }
            current = next
        }
        return current
    }

    /// Replaces a direct child. Only containers whose forward reads `children` (`ModuleList`) allow it;
    /// layers keep typed references, so adapt a Linear through its `adapter` hook instead.
    public func replaceChild(named name: String, with replacement: Module) throws {
        guard let index = children.firstIndex(where: { $0.name == name }) else {
            throw ModelError("\(typeName) has no child called \"\(name)\"",
                             notes: ["its children: " + children.map(\.name).joined(separator: ", ")])
        }
        try acceptReplacement(of: children[index].module, named: name, with: replacement)
        replacement.isTraining = training
        children[index] = (name, replacement)
    }

    /// Override to allow `replaceChild` (update the typed reference, then return).
    open func acceptReplacement(of old: Module, named name: String, with replacement: Module) throws {
        throw ModelError("\(typeName).\(name) cannot be swapped for another module",
                         help: "to change a Linear layer's output, set its `delta` or `adapter` (this is how LoRA attaches)")
    }

    /// The number of parameter values (shared tensors counted once).
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.tensor.count } }
}

/// An indexed list of modules named "0", "1", … (`nn.ModuleList`).
public final class ModuleList<Element: Module>: Module {
    public private(set) var items: [Element] = []

    public init(_ items: [Element]) {
        super.init()
        for (index, item) in items.enumerated() { register(String(index), item) }
        self.items = items
    }

    override public var typeName: String { "ModuleList" }

    override public func acceptReplacement(of old: Module, named name: String, with replacement: Module) throws {
        guard let index = Int(name), index >= 0, index < items.count, let typed = replacement as? Element else {
            throw ModelError("a \(replacement.typeName) cannot stand in for \(old.typeName) at index \(name)")
        }
        items[index] = typed
    }
}

/// The one seeded random generator a model's dropout layers draw from (replace it to reseed).
public final class RandomSource {
    public var generator: RandomGenerator
    public init(seed: UInt64) { generator = RandomGenerator(seed: seed) }
}

/// A plain container that only groups children under a name (DistilBERT's `transformer`).
public final class ModuleContainer: Module {
    private let name: String
    public init(typeName: String) {
        name = typeName
        super.init()
    }
    override public var typeName: String { name }
}
